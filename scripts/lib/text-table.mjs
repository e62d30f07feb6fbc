// Plain tables for the terminal and for Markdown: columns are [header, (row) => text].

export function textTable(columns, rows, width = 38) {
  const cells = rows.map((r) => columns.map(([, get]) => wrap(get(r), width)));
  const header = columns.map(([h]) => [h]);
  const widths = columns.map((_, i) =>
    Math.max(...[header[i], ...cells.map((c) => c[i])].flat().map((s) => s.length)),
  );
  const render = (row) => {
    const height = Math.max(...row.map((c) => c.length));
    return Array.from({ length: height }, (_, line) =>
      row
        .map((c, i) => (c[line] ?? '').padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    ).join('\n');
  };
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(render)].join('\n');
}

export function markdownTable(columns, rows) {
  return [
    `| ${columns.map(([h]) => h).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${columns.map(([, get]) => get(r).replaceAll('|', '/')).join(' | ')} |`),
  ].join('\n');
}

function wrap(text, width) {
  const out = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.length ? out : [''];
}
