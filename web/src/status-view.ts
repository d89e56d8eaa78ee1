// The connection's state in words: a centred message until the first data (never an empty page),
// then only a discreet badge when the data may be old (stale) — the graphic itself stays up.
import type { ConnectionStatus } from './live-connection.js';
import { el, setHidden, setText } from './dom.js';
import type { Labels } from './i18n.js';

export class StatusView {
  /** Full-size message while there is nothing to show yet. */
  readonly splash = el('div', 'splash');
  /** Small corner badge: live dot or the stale warning. */
  readonly badge = el('div', 'badge');
  private readonly splashText = el('p', 'splash-text');
  private readonly splashDetail = el('p', 'splash-detail');
  private readonly badgeText = el('span', 'badge-text');

  constructor(
    private readonly t: Labels,
    private readonly locale: string,
  ) {
    this.splash.setAttribute('role', 'status');
    this.splash.append(el('span', 'spinner'), this.splashText, this.splashDetail);
    this.badge.setAttribute('role', 'status');
    this.badge.setAttribute('aria-live', 'polite');
    this.badge.append(el('span', 'badge-dot'), this.badgeText);
    setText(this.splashText, t.connecting);
    setHidden(this.badge, true);
  }

  update(status: ConnectionStatus, hasData: boolean): void {
    const { t } = this;
    document.documentElement.dataset.connection = status.phase;
    setHidden(this.splash, hasData);
    if (!hasData) {
      setText(this.splashText, status.phase === 'live' ? t.waiting : t.connecting);
      const detail = status.attempts >= 3 ? `${t.unreachable}${status.problem ? ` (${status.problem})` : ''}` : '';
      setText(this.splashDetail, detail);
      setHidden(this.splashDetail, detail === '');
    }
    const stale = status.phase === 'stale' && hasData;
    setHidden(this.badge, !stale);
    if (stale) {
      const since = status.lastDataAt ? ` · ${t.staleSince} ${new Date(status.lastDataAt).toLocaleTimeString(this.locale)}` : '';
      setText(this.badgeText, `${t.stale}${since}`);
    }
  }
}
