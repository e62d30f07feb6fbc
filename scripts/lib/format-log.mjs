// Turns a service's JSON log line into one readable line for `npm start`; other lines pass through.
const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_COLORS = { 10: '90', 20: '90', 30: '32', 40: '33', 50: '31', 60: '31' };
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'service', 'v']);

export function formatLogLine(line, color) {
  if (!line.startsWith('{')) return line;
  let rec;
  try {
    rec = JSON.parse(line);
  } catch {
    return line;
  }
  const time = typeof rec.time === 'string' ? rec.time.slice(11, 23) : '';
  const levelName = LEVELS[rec.level] ?? String(rec.level ?? '');
  const level = color ? `\u001b[${LEVEL_COLORS[rec.level] ?? '0'}m${levelName}\u001b[0m` : levelName;
  const fields = Object.entries(rec)
    .filter(([k]) => !OMIT.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${time} ${level} ${rec.msg ?? ''}${fields ? `  ${fields}` : ''}`;
}
