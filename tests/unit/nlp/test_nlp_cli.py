"""The evaluate and bench command lines, on tiny synthetic data."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np
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


def test_evaluate_subsamples_reports_mean_min_and_max(labelled_csv, capsys):
    args = ["--data", str(labelled_csv), "--text-col", "body", "--label-col", "theme"]
    assert evaluate.main([*args, "--subsample", "30", "--repeats", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["repeats"] == 2 and len(out["runs"]) == 2
    assert out["n"]["mean"] == 30
    assert out["k_chosen"]["min"] <= out["k_chosen"]["mean"] <= out["k_chosen"]["max"]
    assert evaluate.main([*args, "--subsample", "20", "--classes", "2", "--repeats", "1"]) == 0
    assert "k_ratio" in capsys.readouterr().out
    assert evaluate.main([*args, "--subsample", "100000"]) == 2


def test_class_subsample_draws_evenly_from_the_chosen_labels():
    labels = ["a"] * 10 + ["b"] * 10 + ["c"] * 3
    idx = evaluate.subsample(labels, 12, random_state=0, n_classes=3)
    picked = [labels[i] for i in idx]
    assert sorted(set(picked)) == ["a", "b", "c"]
    assert picked.count("a") == 4 and picked.count("c") == 3
    assert np.array_equal(idx, evaluate.subsample(labels, 12, random_state=0, n_classes=3))
    with pytest.raises(ValueError):
        evaluate.subsample(labels, 5, n_classes=9)


def test_evaluate_can_score_another_embedder(labelled_csv, capsys):
    args = ["--data", str(labelled_csv), "--text-col", "body", "--label-col", "theme", "--json"]
    assert evaluate.main([*args, "--k", "true", "--semi", "0.5", "--embedder", "tfidf"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["k_chosen"] == 3 and out["top3"] is not None


def test_evaluate_explains_an_unknown_embedder(labelled_csv, capsys):
    args = ["--data", str(labelled_csv), "--text-col", "body", "--label-col", "theme"]
    assert evaluate.main([*args, "--embedder", "gpt-9"]) == 2
    err = capsys.readouterr().err
    assert "unknown embedder 'gpt-9'" in err and "sentence-transformers model" in err


def test_a_cache_file_is_written_once_and_then_spares_the_embedder(labelled_csv, tmp_path, capsys):
    cache = tmp_path / "vectors.npz"
    args = ["--data", str(labelled_csv), "--text-col", "body", "--label-col", "theme", "--json"]
    assert evaluate.main([*args, "--embedder", "wordllama", "--cache", str(cache)]) == 0
    first = json.loads(capsys.readouterr().out)
    written = cache.stat().st_mtime_ns
    assert evaluate.main([*args, "--embedder", "wordllama", "--cache", str(cache)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert cache.stat().st_mtime_ns == written  # nothing new was embedded, so not rewritten
    assert (again["nmi"], again["k_chosen"]) == (first["nmi"], first["k_chosen"])
    assert again["k_ratio"] == round(again["k_chosen"] / again["k_true"], 3)


def test_semi_reports_tag_accuracy_calibration_and_abstention(labelled_csv, capsys):
    args = ["--data", str(labelled_csv), "--text-col", "body", "--label-col", "theme", "--json"]
    assert evaluate.main([*args, "--k", "true", "--semi", "0.5", "--embedder", "wordllama"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert 0 <= out["top1"] <= out["top3"] <= 1
    assert 0 <= out["calibration_error"] <= 1 and 0 <= out["abstained"] <= 1
