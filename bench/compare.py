#!/usr/bin/env python3
"""Benchmark quizc against text2qti, side by side in one run.

    python3 bench/compare.py [--runs 5] [--sizes 1,1000,10000] [--no-callgrind]

Generates question banks (same questions in Quiz Markdown and in text2qti
syntax) with ../shared/bench/gen_bank.py, or with the small generator below
when ../shared is absent; installs text2qti from PyPI into target/bench/venv;
then runs quizc and text2qti alternately on the same bank, several runs each,
and reports medians of wall time and peak memory (max RSS of the child), the
ratio per pair, quizc's questions per second, and instruction counts from
`valgrind --tool=callgrind` as a noise-free figure CI could track.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "bench"
SHARED_GEN = ROOT.parent / "shared" / "bench" / "gen_bank.py"
QUIZC = ROOT / "target" / "release" / "quizc"


def run_measured(cmd, cwd):
    """Runs cmd; returns (seconds, peak RSS in MiB). Fails loudly on error."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"command failed ({code}): {' '.join(map(str, cmd))}\n{err}")
    return elapsed, usage.ru_maxrss / 1024.0


def tree_digest(folder):
    """One hash over every file's path and bytes under folder."""
    import hashlib
    h = hashlib.sha256()
    for f in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        h.update(str(f.relative_to(folder)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def own_generator(n, quizzes, out, fmt):
    """A minimal stand-in for gen_bank.py: multiple choice and true/false."""
    out.mkdir(parents=True, exist_ok=True)
    per = n // quizzes
    for qz in range(quizzes):
        lines = [f"# Benchmark quiz {qz + 1}", ""] if fmt == "md" else [f"Quiz title: Benchmark quiz {qz + 1}", ""]
        for i in range(per):
            k = qz * per + i + 1
            if fmt == "md":
                lines += [f"## Question {i + 1} · Multiple Choice", "", f"Case {k}: which is `right`?", "",
                          "- [ ] wrong one", "- [x] right one", "- [ ] wrong two", "",
                          "> **Explanation:** because.", ""]
            else:
                lines += [f"{i + 1}.  Case {k}: which is `right`?", "a)  wrong one", "*b)  right one",
                          "c)  wrong two", ""]
        ext = "md" if fmt == "md" else "txt"
        (out / f"quiz_{qz:04d}.{ext}").write_text("\n".join(lines))


def generate(n, quizzes, fmt):
    name = f"bank-{fmt}-{n}-{quizzes}"
    out = WORK / name
    if out.exists():
        return out
    if SHARED_GEN.exists():
        args = [sys.executable, str(SHARED_GEN), "--questions", str(n), "--quizzes", str(quizzes),
                "--seed", "1", "--out", str(out)]
        if fmt == "md":
            args += ["--format", "md"]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    else:
        own_generator(n, quizzes, out, fmt)
    return out


def text2qti_bin():
    venv = WORK / "venv"
    exe = venv / "bin" / "text2qti"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "text2qti"], check=True)
    return exe


def callgrind(cmd, cwd):
    if not shutil.which("valgrind"):
        return None
    out = WORK / "callgrind.out"
    res = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd], cwd=cwd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in res.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    return None


def serve_incremental(quizzes=1000):
    """`quizc serve` on a folder of many quizzes: the full first build, then
    the rebuild after one file changes (as the server logs them)."""
    import re
    import socket
    bank = generate(quizzes * 10, quizzes, "md")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(QUIZC), "serve", str(bank), "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NO_COLOR": "1"})
    times = []
    try:
        target = sorted(bank.glob("*.md"))[quizzes // 2]
        original = target.read_text()
        for line in proc.stderr:
            m = re.search(r"rebuilt (\d+) quiz(?:zes)? in (\d+) ms", line)
            if m:
                times.append((int(m.group(1)), int(m.group(2))))
                if len(times) == 1:
                    time.sleep(0.5)
                    target.write_text(original + "\n")
                else:
                    break
        target.write_text(original)
    finally:
        proc.kill()
        proc.wait()
    (full_n, full_ms), (one_n, one_ms) = times[0], times[1]
    print(f"serve: full build of {full_n} quizzes {full_ms} ms; rebuild of {one_n} changed file {one_ms} ms "
          f"({one_ms / max(full_ms, 1):.1%} of the full build)")
    return {"serve_full_ms": full_ms, "serve_one_ms": one_ms, "quizzes": full_n}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="1,1000,10000")
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--serve-only", action="store_true", help="only measure quizc serve's incremental rebuild")
    args = ap.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if args.serve_only:
        serve_incremental()
        return
    t2q = text2qti_bin()
    sizes = [int(s) for s in args.sizes.split(",")]
    cases = [(n, 1) for n in sizes] + ([(10000, 100)] if 10000 in sizes else [])
    results = []
    print(f"{'bank':>14} {'tool':>22} {'median s':>9} {'MiB':>7} {'q/s':>10} {'ratio':>7}")
    for n, files in cases:
        md = generate(n, files, "md")
        t2 = generate(n, files, "t2q")
        t2_file = sorted(t2.glob("*.txt"))[0]
        out = WORK / "out"
        runs = {"text2qti (canvas, 1st file)": [], "quizc canvas": [], "quizc all": []}
        digests = set()
        for _ in range(args.runs):
            # Alternate the tools so that machine noise hits both alike.
            shutil.rmtree(WORK / "t2q-run", ignore_errors=True)
            (WORK / "t2q-run").mkdir()
            shutil.copy(t2_file, WORK / "t2q-run" / t2_file.name)
            if files == 1:
                runs["text2qti (canvas, 1st file)"].append(
                    run_measured([str(t2q), t2_file.name], WORK / "t2q-run"))
            # A fresh output folder each time: nothing is skipped as unchanged.
            shutil.rmtree(out, ignore_errors=True)
            runs["quizc canvas"].append(
                run_measured([str(QUIZC), "build", str(md), "--format", "canvas", "--out", str(out), "-q"], ROOT))
            shutil.rmtree(out, ignore_errors=True)
            runs["quizc all"].append(
                run_measured([str(QUIZC), "build", str(md), "--format", "all", "--out", str(out), "-q"], ROOT))
            digests.add(tree_digest(out))
        base = None
        for tool, samples in runs.items():
            if not samples:
                continue
            t = statistics.median(s[0] for s in samples)
            mem = statistics.median(s[1] for s in samples)
            if tool.startswith("text2qti"):
                base = t
            ratio = f"{base / t:6.1f}x" if base and not tool.startswith("text2qti") else ""
            print(f"{n:>8}q/{files:<4} {tool:>22} {t:9.3f} {mem:7.1f} {n / t:10.0f} {ratio:>7}")
            results.append({"questions": n, "files": files, "tool": tool, "median_s": t, "peak_mib": mem,
                            "questions_per_s": n / t})
        if len(digests) != 1:
            sys.exit(f"NOT REPRODUCIBLE: {len(digests)} different outputs in {args.runs} runs of {n}q/{files}")
        if not args.no_callgrind and files == 1:
            ins = callgrind([str(QUIZC), "build", str(md), "--format", "all", "--out", str(out), "-q"], ROOT)
            if ins:
                print(f"{'':>14} {'quizc all (callgrind)':>22} {ins:,} instructions")
                results.append({"questions": n, "files": files, "tool": "quizc all", "instructions": ins})
    # Goal: cost grows linearly (10,000 questions take 8–12× as long as 1,000).
    for tool in ("quizc canvas", "quizc all"):
        t = {r["questions"]: r["median_s"] for r in results
             if r.get("tool") == tool and r.get("files") == 1 and "median_s" in r}
        if 1000 in t and 10000 in t:
            print(f"{tool}: 10,000 questions take {t[10000] / t[1000]:.1f}x as long as 1,000")
    results.append(serve_incremental())
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
