// JDK ground truth for the row extractor: writes a Winlaufen-like stream with the JDK's own
// ObjectOutputStream (boxed Integers, cached and shared; String[7] rows whose club and age group
// strings are shared back-references; reset() now and then) and, for every message, the byte range
// it occupies and the rows it carried, as JSON lines.
// Usage: java WinlaufenLikeSender STREAM_FILE EXPECT_FILE
import java.io.*;
import java.nio.charset.StandardCharsets;

public class WinlaufenLikeSender {
  static final class CountingStream extends FilterOutputStream {
    long count;
    CountingStream(OutputStream out) { super(out); }
    @Override public void write(int b) throws IOException { out.write(b); count++; }
    @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); count += len; }
  }

  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  static String time(int tenths) {
    int h = tenths / 36000, m = tenths / 600 % 60, s = tenths / 10 % 60, t = tenths % 10;
    return h + ":" + String.format("%02d:%02d.%d", m, s, t);
  }

  public static void main(String[] args) throws Exception {
    String[] clubs = { "Rammingen", "Abtweiler", "LG Süd Ülm", "TSV Öhringen", "SV Straße" };
    String[] groups = { "M40", "W45", "MHK", "W60" };
    String[] names = { "LOGES Margit", "BROCKMEIER Sofie", "EVANS Denny", "RÄTZ Sigishelm", "GIESBRECHT Hendrik", "FREITAG Hellmut", "ÖZTÜRK Zoë", "WEISS Björn" };
    int[] competitions = { 18, 7, 18, 3, 7, 18 };
    String marker = "LISTE";
    try (CountingStream counter = new CountingStream(new BufferedOutputStream(new FileOutputStream(args[0])));
         ObjectOutputStream oos = new ObjectOutputStream(counter);
         PrintWriter expect = new PrintWriter(new OutputStreamWriter(new FileOutputStream(args[1]), StandardCharsets.UTF_8))) {
      for (int msg = 0; msg < 60; msg++) {
        int comp = competitions[msg % competitions.length];
        int rows = 3 + msg % 5;
        oos.flush();
        long start = counter.count;
        oos.writeObject(marker);
        oos.writeObject(Integer.valueOf(comp));
        oos.writeObject(Integer.valueOf(0));
        oos.writeObject(Integer.valueOf(rows - 1));
        StringBuilder line = new StringBuilder();
        line.append("{\"competition\":\"").append(comp).append("\",\"rows\":[");
        for (int i = 0; i < rows; i++) {
          int bib = comp * 10 + i;
          String[] row = new String[7];
          row[0] = (msg + i) % 9 == 8 ? "" : String.valueOf(i + 1);
          row[1] = String.valueOf(bib);
          row[2] = names[(bib + i) % names.length];
          row[3] = clubs[bib % clubs.length];
          row[4] = groups[bib % groups.length];
          row[5] = (msg + i) % 13 == 12 ? "aufg." : time(150000 + bib * 37 + msg * 11 + i * 600);
          row[6] = i == 0 ? "0:00:00.0" : time(i * 600 + msg);
          oos.writeObject(row);
          if (i > 0) line.append(',');
          line.append('[');
          for (int k = 0; k < 7; k++) line.append(k > 0 ? "," : "").append(json(row[k]));
          line.append(']');
        }
        oos.writeObject(Boolean.TRUE);
        oos.writeObject(Integer.valueOf(msg));
        oos.writeObject(marker);
        oos.flush();
        line.append("],\"start\":").append(start).append(",\"end\":").append(counter.count).append('}');
        expect.println(line);
        if (msg % 7 == 6) oos.reset();
      }
    }
  }
}
