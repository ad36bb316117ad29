// A range of cells copied from a spreadsheet (Excel, LibreOffice Calc, Google Sheets) arrives
// as tab-separated text. Pasted as it is, it is a run of lines Markdown shows as one paragraph;
// server lists, IP address tables and contact lists live in spreadsheets, so the editor turns
// such a paste into a Markdown table.

/** The rows of `text` when it is a spreadsheet range: two or more rows of two or more
 * tab-separated cells, the same number in each, cells with line breaks or tabs quoted as Excel
 * quotes them. Null for anything else (text indented with tabs, a single line, ragged rows). */
export function parseCells(text: string): string[][] | null {
  if (!text.includes('\t')) return null;
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const src = text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  while (i <= src.length) {
    let cell: string;
    if (src[i] === '"') {
      // "a ""quoted"" cell, with a line break" — up to the quote that is not doubled.
      let j = i + 1;
      cell = '';
      for (;;) {
        const q = src.indexOf('"', j);
        if (q < 0) return null; // an unclosed quote: not a spreadsheet's text
        cell += src.slice(j, q);
        if (src[q + 1] === '"') {
          cell += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      if (i < src.length && src[i] !== '\t' && src[i] !== '\n') return null;
    } else {
      let end = i;
      while (end < src.length && src[end] !== '\t' && src[end] !== '\n') end++;
      cell = src.slice(i, end);
      i = end;
    }
    row.push(cell);
    if (i >= src.length || src[i] === '\n') {
      rows.push(row);
      row = [];
    }
    i++;
  }
  const width = rows[0]?.length ?? 0;
  if (rows.length < 2 || width < 2 || rows.some((r) => r.length !== width)) return null;
  // Lines indented with a tab (a Makefile, code) have an empty first column.
  for (let c = 0; c < width; c++) if (rows.every((r) => r[c]!.trim() === '')) return null;
  return rows;
}

function cell(text: string): string {
  return text.trim().replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '<br>') || ' ';
}

/** A Markdown table of `rows`, the first row as its header. */
export function markdownTable(rows: string[][]): string {
  return tableLines(rows.map((r) => r.map(cell)));
}

/** The lines of a table whose cells are already Markdown that cannot break it; short rows are
 * filled with empty cells. */
export function tableLines(rows: string[][]): string {
  const width = Math.max(...rows.map((r) => r.length));
  const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => r[i] || ' ').join(' | ')} |`;
  const [head, ...body] = rows;
  return [line(head!), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n');
}
