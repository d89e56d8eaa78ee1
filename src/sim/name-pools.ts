// Names, clubs and nations for simulated competitors: German umlauts, ß and a few other
// characters Winlaufen meets at real events. Everything here is encodable in Windows-1252, so a
// cp1252 Startlist.csv carries exactly the same text as the stream.

export const LAST_NAMES = [
  'Müller', 'Schröder', 'Weiß', 'Groß', 'Rätz', 'Loges', 'Brockmeier', 'Giesbrecht', 'Freitag',
  'Köhler', 'Bäcker', 'Schäfer', 'Krüger', 'Jäger', 'Hoffmann', 'Wagner', 'Becker', 'Schulz',
  'Fuchs', 'Vogel', 'Möller', 'Lösch', 'Dürr', 'Nüßlein', 'Öztürk', 'Çelik', "O'Brien", 'Evans',
  'Meyer-Lüdenscheidt', 'von der Höh', 'Straßburger', 'Kühn', 'Süß', 'Görtz', 'Haßler', 'Lang',
  'Zimmermann', 'Brändle', 'Würth', 'Schmid', 'Huber', 'Eßer', 'Janßen', 'Østergaard', 'Niño',
  'Dvorak', 'Šimek', 'Zak', 'Åberg', 'Lefèvre', 'Müller-Thurgau', 'Bauer',
  'Roß', 'Kößler', 'Thür', 'Häußler', 'Büttner', 'Pfäffle', 'Döring', 'Ebert',
] as const;

export const FIRST_NAMES_M = [
  'Jürgen', 'Sigishelm', 'Hendrik', 'Hellmut', 'Denny', 'Jörg', 'Björn', 'Sören', 'Günther', 'Lukas',
  'Jonas', 'Maximilian', 'Felix', 'Paul', 'Thomas', 'Andreas', 'Stefan', 'Uwe', 'Klaus', 'Dieter',
  'René', 'Noël', 'Jean-Pierre', 'Mats', 'Ömer', 'Karl-Heinz', 'Hans-Jürgen', 'Matthäus', 'Timo', 'Elias',
] as const;

export const FIRST_NAMES_W = [
  'Margit', 'Sofie', 'Jördis', 'Bärbel', 'Käthe', 'Ute', 'Anja', 'Lena', 'Mia', 'Hannah',
  'Sabine', 'Claudia', 'Susanne', 'Katrin', 'Maren', 'Frauke', 'Gisèle', 'Zoë', 'Chloé', 'Anna-Lena',
  'Marie-Luise', 'Ingrid', 'Renée', 'Sünje', 'Dörte', 'Helène', 'Björg', 'Lea', 'Emilia', 'Greta',
] as const;

export const CLUBS = [
  'Rammingen', 'Abtweiler', 'TSV Überlingen', 'LG Süd Köln', 'SC Öhringen', 'TV Güglingen',
  'LAV Tübingen', 'Lauftreff Bad Dürkheim', 'SV Grün-Weiß Würzburg', 'LC Mönchengladbach',
  'TuS Jöllenbeck', 'ASV Düsseldorf', 'SG Schönbuch', 'LSG Aachen-Süd', 'TSG Bergedorf',
  'Laufteam Straßkirchen', 'MTV Lüneburg', 'LG Nördlingen', 'TV Jahn Bückeburg', 'SpVgg Fürth',
  'Run & Fun Hösbach', 'Team "Schnecke" Görlitz', 'Läuferfreunde Ölbronn', 'DJK Gütersloh',
  'LAC Quelle Fürth', 'TSV Kößlarn', 'Post SV Nürnberg', 'USC Mainz', 'LG Eintracht Frankfurt',
  'SV Möhringen', 'TuS Bad Säckingen', 'LT Öffingen', 'Skiclub Bärenthal', 'TV Großostheim',
] as const;

/** Nations (IOC codes), heavily German as at a German city race. */
export const NATIONS = ['GER', 'GER', 'GER', 'GER', 'GER', 'GER', 'GER', 'GER', 'AUT', 'SUI', 'NED', 'FRA', 'DEN', 'POL', 'TUR'] as const;
