//! TEMPORARY script-run segmenter, replaced by the lindera IPADIC dictionary (in progress).
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos { Noun, Verb, Adjective, Adverb, Particle, AuxVerb, Symbol, Prefix, Other }

pub struct Morpheme<'a> { pub start: usize, pub end: usize, pub surface: &'a str, pub base: Cow<'a, str>, pub pos: Pos, pub pos_detail: &'static str }

fn script(c: char) -> u8 {
    match c { '\u{3041}'..='\u{309F}' => 1, '\u{30A0}'..='\u{30FF}' => 2, _ => 3 }
}

pub fn segment(text: &str) -> Vec<Morpheme<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for k in 0..chars.len() {
        let end = chars.get(k + 1).map_or(text.len(), |c| c.0);
        if k + 1 == chars.len() || script(chars[k + 1].1) != script(chars[k].1) {
            let s = &text[start..end];
            let pos = if script(chars[k].1) == 1 { Pos::Particle } else { Pos::Noun };
            out.push(Morpheme { start, end, surface: s, base: Cow::Borrowed(s), pos, pos_detail: "*" });
            start = end;
        }
    }
    out
}

pub fn warm_up() {}
