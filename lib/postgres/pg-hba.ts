export const HBA_BEGIN = '# BEGIN pgcascade (managed block: rewritten on every apply)';
export const HBA_END = '# END pgcascade';

export interface HbaRule {
  database: string; // a database name or `replication`
  user: string;
  address: string; // an IP address; narrowed to /32 (or /128)
  method: 'scram-sha-256';
  /** `hostssl`: the peer must connect over TLS (a plain connection matches no line and is refused). */
  ssl?: boolean;
}

function cidr(address: string): string {
  return address.includes(':') ? `${address}/128` : `${address}/32`;
}

export function renderHbaRule(rule: HbaRule): string {
  return [rule.ssl ? 'hostssl' : 'host', rule.database, rule.user, cidr(rule.address), rule.method].join('\t');
}

/** The lines of one rule: a TLS rule also rejects the same peer without TLS, before any later line could let it in. */
function ruleLines(rule: HbaRule): string[] {
  if (!rule.ssl) return [renderHbaRule(rule)];
  return [renderHbaRule(rule), ['hostnossl', rule.database, rule.user, cidr(rule.address), 'reject'].join('\t')];
}

/** The managed block for these rules (deduplicated, order kept). */
export function renderHbaBlock(rules: HbaRule[]): string {
  const lines = [...new Set(rules.flatMap(ruleLines))];
  return [HBA_BEGIN, ...lines, HBA_END].join('\n');
}

/**
 * Put the managed block at the top of pg_hba.conf (first match wins, so the narrow rules come first),
 * replacing an earlier block wherever it is. Everything outside the block is kept as it was.
 */
export function withHbaBlock(existing: string, block: string): string {
  const lines = existing.split('\n');
  const begin = lines.indexOf(HBA_BEGIN);
  const end = lines.indexOf(HBA_END);
  const rest = begin >= 0 && end > begin ? [...lines.slice(0, begin), ...lines.slice(end + 1)] : lines;
  const body = rest.join('\n').replace(/^\n+/, '');
  return `${block}\n${body}${body.endsWith('\n') || body === '' ? '' : '\n'}`;
}
