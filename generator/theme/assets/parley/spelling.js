// How names are spelt, folded as generator/spellings.py folds them (a test runs both on the same
// samples): accents and case set aside, and the Arabic article before a name, so that "al-Ansari",
// "Al Ansari" and "Ansari" are one query, "Nūnū" is "nunu". Edit distance finds "Netanyahu" for
// "Netanyhu".

const PLAIN_LETTERS = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "þ": "th", "ħ": "h" };
// ʿayn and hamza as transliterations write them (Ja'far): dropped inside a word, not a possessive 's.
const APOSTROPHES = /(?<=[\p{L}\p{N}])['ʼʻʾʿ‘’`´](?=[\p{L}\p{N}])(?!s(?![\p{L}\p{N}]))/gu;
// "al-", "el-", "Al ", and the article assimilated before a sun letter ("as-Sisi", "ash-Sharaa").
const PARTICLE = /(?<![\p{L}\p{N}])(?:[ae]l(?:[-‐‑]|\s+)|[ae](sh|th|dh|[dnrstz])[-‐‑](?=\1))(?=\p{L})/gu;
const WORD = /[\p{L}\p{N}]+/gu;

export function plain(text) {
  return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "")
    .replace(/[ßæœøđðłıþħ]/gu, (ch) => PLAIN_LETTERS[ch]);
}

// A query as the index is searched; other punctuation is left to the search engine.
export function foldQuery(text) {
  const folded = plain(text).replace(APOSTROPHES, "");
  const without = folded.replace(PARTICLE, "");
  return /[\p{L}\p{N}]/u.test(without) ? without : folded;
}

export function nameWords(text) {
  return foldQuery(text).match(WORD) || [];
}

// Insertions, deletions, substitutions and swaps of neighbours; past `limit` any larger number.
export function distance(a, b, limit = Infinity) {
  if (Math.abs(a.length - b.length) > limit) return Math.abs(a.length - b.length);
  let before = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    if (Math.min(...row) > limit) return Math.min(...row);
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

// How far a word may be from a name's word and still be offered: one slip in a short word, more in a long one.
function allowed(length) {
  return length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

const KIND_ORDER = { actor: 0, side: 1, topic: 2 };

// The names closest to a query's misspelt words: [{kind, name, href, query}], best first, where
// `query` is the reader's query with the misspelt word (or the whole of it) put right. A word that
// is a name's word, or begins one (still being typed), is not misspelt.
export function suggestions(query, names, limit = 3) {
  const words = nameWords(query);
  if (!words.length) return [];
  const joined = words.join(" ");
  const known = new Set(names.flatMap(([, name, , aliases]) => [name, ...aliases].flatMap(nameWords)));
  const begins = (word) => known.has(word) || [...known].some((name) => name.startsWith(word));
  if (words.every(begins)) return [];
  const best = new Map();
  const offer = (entry, score, corrected) => {
    const kept = best.get(entry);
    if (!kept || score < kept.score) best.set(entry, { score, corrected });
  };
  for (const entry of names) {
    const [, name, , aliases] = entry;
    for (const spelling of [name, ...aliases]) {
      const parts = nameWords(spelling);
      if (!parts.length) continue;
      const whole = distance(joined, parts.join(" "), allowed(joined.length));
      if (whole > 0 && whole <= allowed(joined.length)) offer(entry, whole, spelling);
      words.forEach((word, index) => {
        if (word.length < 3 || begins(word)) return;
        for (const part of parts) {
          if (part.length < 3) continue;
          const d = distance(word, part, allowed(word.length));
          if (d > 0 && d <= allowed(word.length)) {
            const shown = (spelling.match(WORD) || []).find((w) => plain(w) === part) || part;
            offer(entry, d + 0.5, words.map((w, i) => (i === index ? shown : w)).join(" "));
          }
        }
      });
    }
  }
  // One suggestion per corrected query: the best entry it comes from ("Netanyahu" from Benjamin
  // Netanyahu, not again from "Netanyahu's office").
  const seen = new Set();
  return [...best.entries()]
    .sort(([a, x], [b, y]) => x.score - y.score || KIND_ORDER[a[0]] - KIND_ORDER[b[0]] || a[1].localeCompare(b[1]))
    .filter(([, { corrected }]) => !seen.has(plain(corrected)) && seen.add(plain(corrected)))
    .slice(0, limit)
    .map(([[kind, name, href], { corrected }]) => ({ kind, name, href, query: corrected }));
}

// Words of `text` that a query's words found: a query word begins them (as the index matches
// words), or they share its stem ("talks" finds "talk", "negotiations" "negotiate").
const SUFFIX = /(?:ations|ation|ings|ing|ions|ion|ies|es|ed|s)$/;
export function matcher(query) {
  const words = nameWords(query).map((w) => {
    const stem = w.replace(SUFFIX, "");
    return stem.length >= 4 ? stem : w;
  });
  return (word) => {
    const folded = plain(word);
    return words.some((w) => folded.startsWith(w));
  };
}

// `text` as text nodes and <mark> elements for the words `found` accepts (no markup is parsed).
export function highlighted(text, found) {
  const out = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    if (!found(match[0])) continue;
    if (match.index > last) out.push(document.createTextNode(text.slice(last, match.index)));
    const mark = document.createElement("mark");
    mark.textContent = match[0];
    out.push(mark);
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}
