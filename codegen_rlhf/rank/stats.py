"""`rank stats`: progress, time, inter-annotator agreement, agreement with the tests, gold accuracy.

Every figure is computed from the current rankings (the last submit per annotator and item):
- agreement between two annotators is the mean Kendall tau-b over the items both ranked (items where either
  ranking is constant are left out, tau-b being undefined there); Krippendorff's alpha (ordinal) treats each
  candidate of each item as a unit and every annotator's level for it as one value;
- agreement with tests counts, over candidate pairs of an item where one passed its tests and the other did
  not, how often the annotator put the passing one strictly above (ties are reported separately);
- gold accuracy is the share of the gold ranking's strict pairs the annotator ordered the same way.
"""

from __future__ import annotations

import itertools
import statistics

from rich.console import Console
from rich.table import Table

from codegen_rlhf.rank.agreement import kendall_tau_b, krippendorff_alpha
from codegen_rlhf.rank.store import CRITERIA, Store

AUTO_PREFIX = "auto:"


def compute(store: Store) -> dict:
    items = store.item_ids()
    executions = store.executions()
    overall = store.rankings("overall")
    annotators = [r[0] for r in store.query("SELECT name FROM annotators ORDER BY name")]
    return {
        "items": len(items),
        "gold_items": len(store.gold()),
        "annotators": [_annotator_row(store, name, len(items)) for name in annotators],
        "agreement": {
            criterion: _agreement(store.rankings(criterion))
            for criterion in CRITERIA
            if store.rankings(criterion)
        },
        "tests": [_agreement_with_tests(name, overall, executions) for name in annotators],
        "gold": [_gold_accuracy(name, overall, store.gold()) for name in annotators],
    }


def _annotator_row(store: Store, name: str, total: int) -> dict:
    (annotator_id,) = store.query("SELECT id FROM annotators WHERE name = ?", [name])[0]
    seconds = [r[0] for r in store.query("SELECT seconds_spent FROM submissions WHERE annotator_id = ?", [annotator_id])]
    skipped = store.query("SELECT COUNT(*) FROM skips WHERE annotator_id = ?", [annotator_id])[0][0]
    return {
        "annotator": name,
        "ranked": len(seconds),
        "skipped": skipped,
        "remaining": total - len(store.done_ids(annotator_id) & set(store.item_ids())),
        "total_seconds": round(sum(seconds), 1),
        "median_seconds": round(statistics.median(seconds), 1) if seconds else None,
    }


def _agreement(rankings: dict[tuple[str, int], dict[int, int]]) -> dict:
    by_item: dict[int, dict[str, dict[int, int]]] = {}
    for (name, prompt_id), levels in rankings.items():
        by_item.setdefault(prompt_id, {})[name] = levels
    names = sorted({name for name, _ in rankings})
    pairs = []
    for a, b in itertools.combinations(names, 2):
        taus = []
        for ranked in by_item.values():
            if a in ranked and b in ranked:
                common = sorted(set(ranked[a]) & set(ranked[b]))
                tau = kendall_tau_b([ranked[a][c] for c in common], [ranked[b][c] for c in common])
                if tau is not None:
                    taus.append(tau)
        if taus:
            pairs.append({"a": a, "b": b, "items": len(taus), "kendall_tau_b": round(statistics.mean(taus), 3)})

    def alpha(included: list[str]) -> float | None:
        units = [
            [ranked[name][cid] for name in included if name in ranked and cid in ranked[name]]
            for ranked in by_item.values()
            for cid in {c for levels in ranked.values() for c in levels}
        ]
        value = krippendorff_alpha(units, "ordinal")
        return None if value is None else round(value, 3)

    humans = [n for n in names if not n.startswith(AUTO_PREFIX)]
    return {
        "pairs": pairs,
        "alpha_all": alpha(names) if len(names) >= 2 else None,
        "alpha_humans": alpha(humans) if len(humans) >= 2 else None,
    }


def _agreement_with_tests(name: str, overall: dict, executions: dict) -> dict:
    agree = disagree = tied = 0
    for (annotator, _), levels in overall.items():
        if annotator != name:
            continue
        for c1, c2 in itertools.combinations(levels, 2):
            e1, e2 = executions.get(c1), executions.get(c2)
            if not e1 or not e2 or e1["passed"] == e2["passed"]:
                continue
            winner, loser = (c1, c2) if e1["passed"] else (c2, c1)
            if levels[winner] < levels[loser]:
                agree += 1
            elif levels[winner] > levels[loser]:
                disagree += 1
            else:
                tied += 1
    pairs = agree + disagree + tied
    return {"annotator": name, "pairs": pairs, "agree": agree, "disagree": disagree, "tied": tied,
            "rate": round(agree / pairs, 3) if pairs else None}


def _gold_accuracy(name: str, overall: dict, gold: dict[int, dict[int, int]]) -> dict:
    correct = total = items = 0
    for prompt_id, expected in gold.items():
        levels = overall.get((name, prompt_id))
        if levels is None:
            continue
        items += 1
        for c1, c2 in itertools.combinations(expected, 2):
            if expected[c1] == expected[c2]:
                continue
            total += 1
            better, worse = (c1, c2) if expected[c1] < expected[c2] else (c2, c1)
            correct += levels.get(better, 10) < levels.get(worse, 10)
    return {"annotator": name, "gold_items": items, "pairs": total,
            "accuracy": round(correct / total, 3) if total else None}


def render(stats: dict) -> None:
    """Print the figures as rich tables."""
    console = Console()
    console.print(f"[b]{stats['items']}[/b] items to rank, {stats['gold_items']} of them gold")

    def table(title: str, columns: list[str], rows: list[list]) -> None:
        t = Table(title=title, title_justify="left")
        for c in columns:
            names = c in ("annotator", "a", "b")
            t.add_column(c, justify="left" if names else "right", no_wrap=names)
        for row in rows:
            t.add_row(*["–" if v is None else str(v) for v in row])
        console.print(t)

    table("Progress and time", ["annotator", "ranked", "skipped", "remaining", "total s", "median s/item"],
          [[r["annotator"], r["ranked"], r["skipped"], r["remaining"], r["total_seconds"], r["median_seconds"]]
           for r in stats["annotators"]])
    for criterion, agreement in stats["agreement"].items():
        if not agreement["pairs"]:
            console.print(f"{criterion}: agreement needs two annotators ranking the same items")
            continue
        table(f"{criterion}: Kendall tau-b, mean over shared items", ["a", "b", "items", "tau-b"],
              [[p["a"], p["b"], p["items"], p["kendall_tau_b"]] for p in agreement["pairs"]])
        console.print(f"{criterion}: Krippendorff's alpha (ordinal), all annotators {_fmt(agreement['alpha_all'])}, "
                      f"humans only {_fmt(agreement['alpha_humans'])}")
    table("Agreement with test outcomes (pairs where exactly one candidate passed)",
          ["annotator", "pairs", "passing ranked higher", "lower", "tied", "rate"],
          [[r["annotator"], r["pairs"], r["agree"], r["disagree"], r["tied"], r["rate"]] for r in stats["tests"]])
    if stats["gold_items"]:
        table("Gold items (share of gold pairs ordered the same way)", ["annotator", "gold items", "pairs", "accuracy"],
              [[r["annotator"], r["gold_items"], r["pairs"], r["accuracy"]] for r in stats["gold"]])


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
