"""The evaluate and bench command lines, on tiny synthetic data."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from nlp_synthetic import findings

from nlp import bench, evaluate


@pytest.fixture
def labelled_csv(tmp_path: Path) -> Path:
    texts, labels = findings()
    path = tmp_path / "data.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["body", "theme"])
        for t, lab in zip(texts * 2, labels * 2, strict=True):
            w.writerow([t, lab])
        w.writerow(["", "phone"])  # blank rows are skipped
    return path


def test_evaluate_prints_the_json_keys(labelled_csv, capsys):
    code = evaluate.main(
        [
            "--data",
            str(labelled_csv),
            "--text-col",
            "body",
            "--label-col",
            "theme",
            "--k",
            "true",
            "--semi",
            "0.5",
            "--json",
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("nmi", "ari", "purity", "k_true", "k_chosen", "seconds", "top1", "top3"):
        assert key in out
    assert out["k_true"] == 3 and out["k_chosen"] == 3
    assert out["top3"] == 1.0


def test_evaluate_text_output_and_missing_column(labelled_csv, capsys):
    assert evaluate.main(["--data", str(labelled_csv), "--text-col", "body", "--label-col", "theme"]) == 0
    assert "nmi" in capsys.readouterr().out
    assert evaluate.main(["--data", str(labelled_csv)]) == 2
    assert "no column 'text'" in capsys.readouterr().err


def test_bench_reports_each_stage(capsys):
    assert bench.main(["--sizes", "200", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["stage"] for r in rows] == ["embed", "cluster", "label", "total"]
    assert all(r["seconds"] >= 0 and r["peak_rss_mb"] > 0 for r in rows)
    assert bench.main(["--sizes", "x"]) == 2


def test_generated_findings_are_reproducible():
    assert bench.generate_findings(50, seed=1) == bench.generate_findings(50, seed=1)


@pytest.mark.skipif(not os.path.exists("/work/shared/data/pxtextmining_v6/data.csv"), reason="data absent")
def test_load_csv_reads_the_shared_feedback_file():
    texts, labels = evaluate.load_csv("/work/shared/data/pxtextmining_v6/data.csv")
    assert len(texts) == len(labels) > 4000
