//! Markdown markup in a snippet's passage: the characters a reader of the rendered runbook does
//! not see — emphasis and code markers, a heading's `#`, a list's or quote's marker, the `[` and
//! `](target)` of a link, a table's pipes and rule, a code fence — so that a search result
//! reads as text. The snippet keeps its highlights on the original characters
//! (`snippet::render_passage`). Single `*` and `_` stay (`*.log`, `pam_faillock`), and so do
//! backslashes (`\\nas01\share`).

/// What a snippet shows of one byte of a passage.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shown {
    Text,
    /// Markup: shown as nothing.
    Hidden,
    /// Markup between words (a table's pipe): shown as a space.
    Space,
}

/// What to show of each byte of `passage`; `line_start`: the passage starts a line.
pub fn shown(passage: &str, line_start: bool) -> Vec<Shown> {
    let b = passage.as_bytes();
    let mut out = vec![Shown::Text; b.len()];
    let hide = |out: &mut Vec<Shown>, from: usize, to: usize| {
        out[from..to.min(b.len())].fill(Shown::Hidden);
    };
    let mut at_line_start = line_start;
    let mut in_code = false;
    let mut table_line = false;
    // `[` on this line not yet closed, most recent last.
    let mut brackets: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if at_line_start {
            at_line_start = false;
            in_code = false;
            brackets.clear();
            let j = i + passage[i..].len() - passage[i..].trim_start_matches([' ', '\t']).len();
            let end = passage[j..].find('\n').map_or(b.len(), |n| j + n);
            let line = &passage[j..end];
            table_line = line.starts_with('|');
            if line.starts_with("```") || line.starts_with("~~~") || is_rule(line) {
                hide(&mut out, j, end);
                i = end;
            } else {
                let n = block_marker(line);
                hide(&mut out, j, j + n);
                i = j + n;
            }
            continue;
        }
        let c = b[i];
        // Markers are runs of one character (`**`, ``` `` ```); everything else moves on by one.
        let run = if matches!(c, b'`' | b'*' | b'_' | b'~') {
            b[i..].iter().take_while(|&&x| x == c).count()
        } else {
            1
        };
        match c {
            b'\n' => at_line_start = true,
            b'`' => {
                hide(&mut out, i, i + run);
                in_code = !in_code;
            }
            _ if in_code => {}
            b'*' | b'_' | b'~' if run >= 2 => hide(&mut out, i, i + run),
            b'|' if table_line => out[i] = Shown::Space,
            b'!' if b.get(i + 1) == Some(&b'[') => out[i] = Shown::Hidden,
            b'[' => brackets.push(i),
            b']' if b.get(i + 1) == Some(&b'(') => {
                let target = link_target_end(passage, i + 2);
                if let Some(end) = target {
                    if let Some(open) = brackets.pop() {
                        out[open] = Shown::Hidden;
                    }
                    hide(&mut out, i, end);
                    i = end;
                    continue;
                }
            }
            b']' => {
                brackets.pop();
            }
            _ => {}
        }
        i += run;
    }
    out
}

/// A thematic break, front matter fence or a table's rule (`|---|:--:|`): markup only.
fn is_rule(line: &str) -> bool {
    let line = line.trim_end();
    let dashes = line.chars().filter(|&c| c == '-').count();
    (dashes >= 3 && line.chars().all(|c| matches!(c, '-' | '|' | ':' | ' ')))
        || (line.len() >= 3 && (line.chars().all(|c| c == '*') || line.chars().all(|c| c == '_')))
}

/// Length in bytes of a heading's hashes, a quote's `>`, or a bullet (`- `, `- [ ] `) that
/// starts `line`, with the space after it.
fn block_marker(line: &str) -> usize {
    let hashes = line.bytes().take_while(|&c| c == b'#').count();
    if (1..=6).contains(&hashes) && matches!(line.as_bytes().get(hashes), None | Some(b' ')) {
        return (hashes + 1).min(line.len());
    }
    let quotes = line.len() - line.trim_start_matches(['>', ' ']).len();
    if line.starts_with('>') {
        return quotes;
    }
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            let task = ["[ ] ", "[x] ", "[X] "]
                .iter()
                .find(|t| rest.starts_with(**t));
            return bullet.len() + task.map_or(0, |t| t.len());
        }
    }
    0
}

/// The end (exclusive) of a link's `](target)` whose target starts at `from`: after its `)`,
/// or the end of the passage when it is cut off inside the target. `None` if a space comes
/// first (not a link target).
fn link_target_end(passage: &str, from: usize) -> Option<usize> {
    let rest = passage.get(from..)?;
    match rest.find([')', ' ', '\n']) {
        Some(n) if rest.as_bytes()[n] == b')' => Some(from + n + 1),
        Some(_) => None,
        None => Some(passage.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        let shown = shown(s, true);
        s.char_indices()
            .filter_map(|(i, c)| match shown[i] {
                Shown::Text => Some(c),
                Shown::Space => Some(' '),
                Shown::Hidden => None,
            })
            .collect()
    }

    #[test]
    fn hides_inline_markup() {
        assert_eq!(
            text("**総務の人でも対応できる**ように"),
            "総務の人でも対応できるように"
        );
        assert_eq!(text("`svc-scan` は ~~旧~~ 新"), "svc-scan は 旧 新");
        assert_eq!(
            text("詳しくは [パスワードを忘れた時](../accounts/password-reset.md) を参照"),
            "詳しくは パスワードを忘れた時 を参照"
        );
        assert_eq!(text("![ラック図](../attachments/rack.png)"), "ラック図");
        assert_eq!(text("続きは [こちら](https://exa"), "続きは こちら");
    }

    #[test]
    fn hides_block_markers_and_table_structure() {
        assert_eq!(text("## サービスアカウント"), "サービスアカウント");
        assert_eq!(text("> 注意: 本番"), "注意: 本番");
        assert_eq!(text("- [ ] 機番を控える\n- 電源"), "機番を控える\n電源");
        assert_eq!(
            text("| MFP-2F | 本社 2F |\n|---|:--:|\n"),
            "  MFP-2F   本社 2F  \n\n"
        );
        assert_eq!(
            text("```sh\nsystemctl restart smb\n```"),
            "\nsystemctl restart smb\n"
        );
    }

    #[test]
    fn keeps_what_is_text() {
        for s in [
            "*.log を消す",
            "pam_faillock の設定",
            r"\\nas01\share に置く",
            "1. 電源を切る",
            "配列 a[0] と [注]",
            "`a|b` の | は",
            "#タグ のような文",
        ] {
            assert_eq!(text(s), s.replace('`', ""), "{s}");
        }
        // A pipe in a table's code span stays; the passage starting mid-line has no markers.
        assert_eq!(text("| `a|b` |"), "  a|b  ");
        let mid = "- 途中から";
        assert!(shown(mid, false).iter().all(|s| *s == Shown::Text));
    }
}
