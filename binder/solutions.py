#!/usr/bin/env python3
"""Writes the solutions edition of the course notebooks, for teachers.

    python3 binder/solutions.py [--out DIR] [NN ...]      (what `binder/course solutions` runs)

For each notebook notebooks/NN-*.ipynb (all of them when no NN is given; NN may also be a path to a
notebook), writes a copy into DIR (default: target/solutions) in which every code cell tagged in its
metadata {"nnbook": {"exercise": "N.M"}} holds the reference solution
src/test/resources/org/nnbook/exercise/solutions/N.M.jsh instead of the starter, with every output
cleared. It is an error, naming both sides, when a tagged cell has no solution file, when a solution
file of a notebook has no tagged cell, when two cells carry the same tag, or when a tag's N is not the
notebook's number. Prints one line per notebook written. Needs only python3 and its json module; the
JSON is written as the course's notebooks are (indent 1, UTF-8, a trailing newline).
"""
import argparse
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
SOLUTIONS = os.path.join(ROOT, "src", "test", "resources", "org", "nnbook", "exercise", "solutions")


class SolutionsError(Exception):
    pass


def rel(path):
    """A path as short as it reads well: relative to the current folder when inside it, else absolute."""
    r = os.path.relpath(os.path.abspath(path), os.getcwd())
    return os.path.abspath(path) if r.startswith("..") else r


def notebook_number(path):
    """05-convolutional-networks.ipynb -> 5; None for a name that does not start with a number."""
    m = re.match(r"(\d+)-", os.path.basename(path))
    return int(m.group(1)) if m else None


def select(args):
    """The notebooks to write: paths given, notebooks whose names start with a given NN, or all."""
    everything = sorted(os.path.join(NOTEBOOKS, f) for f in os.listdir(NOTEBOOKS) if f.endswith(".ipynb"))
    if not args:
        return everything
    chosen = []
    for a in args:
        if a.endswith(".ipynb") and os.path.isfile(a):
            chosen.append(os.path.abspath(a))
            continue
        hits = [p for p in everything if os.path.basename(p).startswith(a)]
        if not hits:
            raise SolutionsError("no notebook %s/%s*.ipynb: give a notebook number such as 05, or a path to a notebook" % (rel(NOTEBOOKS), a))
        chosen.extend(hits)
    return sorted(set(chosen))


def as_lines(text):
    """A cell source as nbformat stores it: lines that keep their newline, the last one without it."""
    text = text.rstrip("\n")
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + [parts[-1]]


def solutions_edition(path, solutions_dir):
    """The notebook at path with its tagged cells replaced by their solutions, and the exercises it has."""
    try:
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
    except ValueError as e:
        raise SolutionsError("%s is not valid notebook JSON: %s" % (rel(path), e))
    number = notebook_number(path)
    seen = {}
    for index, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        tag = (cell.get("metadata", {}).get("nnbook") or {}).get("exercise")
        if tag is None:
            continue
        where = "%s, cell %d (tagged exercise %s)" % (rel(path), index, tag)
        if cell.get("cell_type") != "code":
            raise SolutionsError("%s is a %s cell: only code cells hold exercises" % (where, cell.get("cell_type")))
        if not re.fullmatch(r"\d+\.\d+", str(tag)) or (number is not None and int(str(tag).split(".")[0]) != number):
            raise SolutionsError("%s: the tag must be \"%s.M\", this notebook's number then the exercise's" % (where, number))
        if tag in seen:
            raise SolutionsError("%s: cell %d carries the same tag; each exercise has one cell" % (where, seen[tag]))
        seen[tag] = index
        solution = os.path.join(solutions_dir, tag + ".jsh")
        if not os.path.isfile(solution):
            raise SolutionsError("%s has no solution file: expected %s" % (where, rel(solution)))
        with open(solution, encoding="utf-8") as f:
            cell["source"] = as_lines(f.read())
    if number is not None and os.path.isdir(solutions_dir):
        for f in sorted(os.listdir(solutions_dir)):
            m = re.fullmatch(r"(\d+)\.(\d+)\.jsh", f)
            if m and int(m.group(1)) == number and "%s.%s" % (m.group(1), m.group(2)) not in seen:
                raise SolutionsError("%s has no cell tagged {\"nnbook\": {\"exercise\": \"%s.%s\"}} in %s"
                                     % (rel(os.path.join(solutions_dir, f)), m.group(1), m.group(2), rel(path)))
    return nb, sorted(seen, key=lambda t: [int(x) for x in t.split(".")])


def orphans(notebooks, solutions_dir):
    """With all notebooks chosen: a solution file whose notebook number matches no notebook is an error."""
    numbers = {notebook_number(p) for p in notebooks}
    for f in sorted(os.listdir(solutions_dir)) if os.path.isdir(solutions_dir) else []:
        m = re.fullmatch(r"(\d+)\.\d+\.jsh", f)
        if m and int(m.group(1)) not in numbers:
            raise SolutionsError("%s has no notebook %s/%02d-*.ipynb to go into" % (rel(os.path.join(solutions_dir, f)), rel(NOTEBOOKS), int(m.group(1))))


def main(argv):
    parser = argparse.ArgumentParser(description="Write the solutions edition of the course notebooks.")
    parser.add_argument("--out", default=os.path.join(ROOT, "target", "solutions"), help="folder to write to (default: target/solutions)")
    parser.add_argument("--solutions", default=SOLUTIONS, help=argparse.SUPPRESS)
    parser.add_argument("notebooks", nargs="*", metavar="NN", help="notebook numbers (e.g. 05) or paths; all when none")
    args = parser.parse_args(argv)
    try:
        todo = select(args.notebooks)
        editions = [(p,) + solutions_edition(p, args.solutions) for p in todo]   # every check first, then write
        if not args.notebooks:
            orphans(todo, args.solutions)
    except (SolutionsError, ValueError, OSError) as e:
        print("solutions: ERROR: %s" % e, file=sys.stderr)
        return 1
    os.makedirs(args.out, exist_ok=True)
    for path, nb, exercises in editions:
        target = os.path.join(args.out, os.path.basename(path))
        with open(target, "w", encoding="utf-8") as f:
            json.dump(nb, f, indent=1, ensure_ascii=False)
            f.write("\n")
        what = "exercises " + ", ".join(exercises) + " solved" if exercises else "no exercise cells: a plain copy"
        print("solutions: wrote %s (%s)" % (rel(target), what))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
