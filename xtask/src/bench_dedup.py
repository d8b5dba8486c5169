# datatrove's MinHash dedup with its defaults (MinhashConfig()) on a JSONL file with `id` and
# `text` fields, for `cargo xtask bench` and `bench dedup`:
#   python bench_dedup.py FILE WORK_DIR [LIMIT]
# prints one JSON line: documents, bytes of text, duplicates removed and seconds, and, when the
# documents carry a `cluster` label, ARI and pairwise precision, recall and F1.
import json, os, shutil, sys, time
from collections import Counter

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup import MinhashDedupSignature, MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter
from datatrove.pipeline.dedup.minhash import MinhashConfig
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter


def main():
    path, work = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 and int(sys.argv[3]) > 0 else -1
    shutil.rmtree(work, ignore_errors=True)
    config = MinhashConfig()
    reader = lambda: JsonlReader(os.path.dirname(os.path.abspath(path)), glob_pattern=os.path.basename(path),
                                 id_key="id", text_key="text", limit=limit)
    started = time.time()
    LocalPipelineExecutor([reader(), MinhashDedupSignature(f"{work}/sigs", config=config)], tasks=1, logging_dir=f"{work}/logs1").run()
    LocalPipelineExecutor([MinhashDedupBuckets(f"{work}/sigs", f"{work}/buckets", config=config)], tasks=config.num_buckets, logging_dir=f"{work}/logs2").run()
    LocalPipelineExecutor([MinhashDedupCluster(f"{work}/buckets", f"{work}/remove", config=config, save_cluster_id=True)], tasks=1, logging_dir=f"{work}/logs3").run()
    LocalPipelineExecutor([reader(), MinhashDedupFilter(f"{work}/remove", load_cluster_ids=True,
        exclusion_writer=JsonlWriter(f"{work}/removed", compression=None)), JsonlWriter(f"{work}/kept", compression=None)],
        tasks=1, logging_dir=f"{work}/logs4").run()
    seconds = time.time() - started

    truth, predicted, size, removed = [], [], 0, 0
    for folder in ("kept", "removed"):
        for name in sorted(os.listdir(f"{work}/{folder}")) if os.path.isdir(f"{work}/{folder}") else []:
            for line in open(f"{work}/{folder}/{name}", encoding="utf-8"):
                doc = json.loads(line)
                meta = doc["metadata"]
                size += len(doc["text"].encode("utf-8"))
                removed += folder == "removed"
                truth.append(meta.get("cluster"))
                cid = meta.get("minhash_cluster_id", -1)
                predicted.append(f"c{cid}" if cid != -1 else "doc:" + doc["id"])
    result = {"documents": len(truth), "bytes": size, "duplicates_removed": removed, "seconds": seconds,
              "mb_per_second": size / 1e6 / seconds, "config": str(config)}
    if truth and all(t is not None for t in truth):
        result.update(scores([str(t) for t in truth], predicted))
    print(json.dumps(result))


def scores(truth, predicted):
    """Adjusted Rand index and pairwise precision, recall and F1 of `predicted` against `truth`."""
    pairs = lambda n: n * (n - 1) // 2
    both = sum(pairs(n) for n in Counter(zip(truth, predicted)).values())
    same_t = sum(pairs(n) for n in Counter(truth).values())
    same_p = sum(pairs(n) for n in Counter(predicted).values())
    expected = same_t * same_p / pairs(len(truth))
    ari = (both - expected) / (0.5 * (same_t + same_p) - expected)
    p, r = both / max(same_p, 1), both / max(same_t, 1)
    return {"ari": ari, "precision": p, "recall": r, "f1": 2 * p * r / (p + r)}


# datatrove's executor starts its tasks in fresh interpreters that import this file again: without
# this guard each of them re-ran the script from the top, deleting the work directory (and the
# signature files just written) under the running steps ("corrupted minhash signature ... got 0").
if __name__ == "__main__":
    main()
