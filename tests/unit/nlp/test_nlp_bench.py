"""nlp.bench: the embedder switch and the figures it prints (tiny sizes)."""

from __future__ import annotations

import json

import pytest

from nlp import bench


def test_bench_reports_cold_embedding_rate_and_the_stored_vector_time(capsys):
    assert bench.main(["--embedder", "wordllama", "--sizes", "150", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["stage"] for r in rows] == ["embed", "cluster", "label", "total"]
    embed, cluster, label, total = rows
    assert embed["texts_per_s"] > 0
    assert total["embedder"] == "wordllama-l2_supercat_256"
    assert total["stored_seconds"] == pytest.approx(cluster["seconds"] + label["seconds"], abs=0.02)
    assert total["cold_seconds"] == pytest.approx(total["stored_seconds"] + embed["seconds"], abs=0.02)
    assert all(r["peak_rss_mb"] > 0 for r in rows)


def test_bench_text_table_names_the_embedder_and_the_stored_time(capsys):
    assert bench.main(["--embedder", "minilm", "--sizes", "60", "--batch-size", "16"]) == 0
    out = capsys.readouterr().out
    assert "embedder: minilm-l6-v2" in out
    assert "texts/s" in out and "stored vectors: cluster+label" in out


def test_bench_rejects_bad_arguments(capsys):
    assert bench.main(["--embedder", "wordllama", "--sizes", "1"]) == 2
    assert bench.main(["--embedder", "minilm", "--sizes", "10", "--batch-size", "0"]) == 2
    with pytest.raises(SystemExit) as exc:
        bench.main(["--embedder", "tfidf"])
    assert exc.value.code == 2


def test_default_sizes_depend_on_the_embedder():
    assert bench.DEFAULT_SIZES["minilm"] == "1000,10000"
    assert "100000" in bench.DEFAULT_SIZES["wordllama"].split(",")
