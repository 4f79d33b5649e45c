"""What the table generators share: writing their outputs, or checking them (--check)."""
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def write_outputs(name, outputs, check):
    """Writes each {path: text} whose file differs (all of them when `check` is false);
    with `check`, writes nothing and names the stale files on stderr. Returns the stale
    paths relative to the repository, and the exit status (1: `check` found a stale file)."""
    stale = []
    for path, text in outputs.items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == text:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    rel = [p.relative_to(REPO_ROOT) for p in stale]
    if check:
        for p in rel:
            print(f"{name}: out of date: {p}", file=sys.stderr)
    return rel, (1 if check and stale else 0)


def wrote(rel):
    """"wrote A, B" or "up to date", for a generator's last line."""
    return f"wrote {', '.join(str(p) for p in rel)}" if rel else "up to date"
