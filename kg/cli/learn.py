"""`kg train`, `kg cv`: learn the relation model from annotated articles, and measure it honestly."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.common import TableFormat, app, fail, print_rows, say

CorpusArg = Annotated[Path, typer.Argument(help="annotated corpus: a folder with docs/ (the pages) and gold/ "
                                                "(one JSON file per page, ANNOTATION.md)")]


def _examples(corpus: Path):
    from kg.learn.corpus import examples

    docs, gold = corpus / "docs", corpus / "gold"
    if not docs.is_dir() or not gold.is_dir():
        fail(f"{corpus}: expected the folders docs/ and gold/ inside it", 2)
    found = examples(docs, gold, on_error=lambda e: say(f"kg: skipped {e}"))
    if not found:
        fail(f"{corpus}: no page in docs/ has a gold file in gold/", 2)
    return found


@app.command()
def train(
    corpus: CorpusArg,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="folder to write the model to "
                                                   "[default: the model the package ships and loads]")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no summary on stderr")] = False,
) -> None:
    """Train the relation model on an annotated corpus and write it where extraction loads it.

    The same corpus gives the same model (fixed folds and seed). The probability threshold is
    the one with the best cross-validated F1 on the corpus's folds.

    Example: `kg train ../shared/data/train`
    """
    from kg.extract.pipeline import MODEL_DIR, load_nlp
    from kg.learn.train import train as fit

    started = time.perf_counter()
    examples = _examples(corpus)
    model = fit(examples)
    target = output or MODEL_DIR
    model.to_disk(target)
    if output is None:
        load_nlp.cache_clear()
    if not quiet:
        meta = model.meta
        say(f"trained on {meta['documents']} articles ({meta['candidates']} candidate pairs, "
            f"{meta['features']} features) in {time.perf_counter() - started:.0f} s; threshold {model.threshold}, "
            f"out-of-fold relation F1 {meta['out_of_fold_relation_f1']}; written to {target}")


@app.command()
def cv(
    corpus: CorpusArg,
    dev: Annotated[Optional[Path], typer.Option("--dev", help="a second annotated corpus (docs/ and gold/) to "
                                                "score with the model trained on all of CORPUS")] = None,
    format: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
) -> None:
    """Cross-validate on the corpus's 5 fixed folds: the model trained on four folds scores the fifth.

    Prints P, R, F1 per type of the pooled out-of-fold output (columns "cv": the quality to expect on
    articles the tool has never seen), and with --dev (columns "dev"), the same for the dev corpus
    under the model trained on all of CORPUS.

    Example: `kg cv ../shared/data/train --dev ../shared/data/dev`
    """
    from kg.learn.cv import cross_validate, evaluate
    from kg.learn.train import train as fit

    results = {"cv": cross_validate(_examples(corpus))[0]}
    if dev is not None:
        results["dev"] = evaluate(fit(_examples(corpus)), _examples(dev))
    if format is TableFormat.json:
        typer.echo(json.dumps({run: {k: c.as_dict() for k, c in counts.items()} for run, counts in results.items()},
                              ensure_ascii=False, indent=1))
        return
    names = list(dict.fromkeys(k for counts in results.values() for k in counts))
    header = ["type"] + [f"{run} {m}" for run in results for m in ("P", "R", "F1")]
    rows = [[name] + [f"{getattr(counts[name], m):.3f}" if name in counts else "" for counts in results.values()
                      for m in ("precision", "recall", "f1")] for name in names]
    print_rows(header, rows, format)
