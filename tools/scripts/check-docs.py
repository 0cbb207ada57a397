#!/usr/bin/env python3
"""Fails when the hand-written docs name code that no longer exists.

Usage: check-docs.py --src REPO --bin BUILD/bin [DOC.md ...]

Checks, in README.md and docs/*.md (or the files given):
  - repository paths in backticks (`passes/Foo.cpp`, `ir/ShapeInference.{h,cpp}`)
    exist in the source tree;
  - relative link targets (`[x](numerics.md)`) exist;
  - pass and translation flags (`nndct-fold-batchnorm`, `--nndct-canonicalize`)
    are registered: they appear in `nndct-opt --help` or `nndct-translate --help`,
    and `nndct-opt ...`/`nndct-translate ...` lines use options of that tool;
  - `nndct <command>` lines use a command of `nndct` and options of that
    command (`nndct <command> --help-hidden`); other `--options` in backticks
    belong to some nndct tool;
  - CamelCase/camelBack C++ names in backticks (`OutputStage`, `shapeString`,
    `Foo::bar()`) occur in the source tree (or in the MLIR/LLVM headers).
Placeholders (names with Foo/foo, <...>, *) are examples and are skipped.
Prints one line per stale reference, "doc:line: what", and exits 1 if any.
"""
import argparse
import os
import re
import subprocess
import sys

SOURCE_EXTS = (".cpp", ".h", ".td", ".py", ".sh", ".test", ".mlir", ".cmake",
               ".txt", ".in", ".md", ".js", ".dict", ".supp")
TOP_DIRS = ("ir", "passes", "tools", "backends", "frontends", "test", "docs",
            "bench", "examples", "cmake")
SKIP_DIRS = {".git", ".deps", "node_modules", "__pycache__"}
LLVM_INCLUDE = "/usr/lib/llvm-22/include"


def tree_files(src):
    """Repository-relative paths of every file (build trees skipped)."""
    files = []
    for root, dirs, names in os.walk(src):
        rel = os.path.relpath(root, src)
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and
                   not (rel == "." and d.startswith("build"))]
        for n in names:
            files.append(os.path.normpath(os.path.join(rel, n)))
    return files


def help_text(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True,
                              timeout=60).stdout
    except OSError as e:
        sys.exit(f"check-docs: cannot run {cmd[0]}: {e}")


def options_in(text):
    return set(re.findall(r"(?<![\w-])--?([a-zA-Z][\w-]*)", text))


def is_placeholder(token):
    return ("foo" in token.lower() or "<" in token or "*" in token or
            "…" in token or "..." in token)


def expand_braces(path):
    m = re.search(r"\{([^{}]*)\}", path)
    if not m:
        return [path]
    return [p for alt in m.group(1).split(",")
            for p in expand_braces(path[:m.start()] + alt + path[m.end():])]


class Checker:
    def __init__(self, src, bindir):
        self.src = src
        self.files = tree_files(src)
        self.file_set = set(self.files)
        self.dirs = {os.path.dirname(f) for f in self.files}
        for d in list(self.dirs):
            while d:
                d = os.path.dirname(d)
                self.dirs.add(d)
        words = set()
        for f in self.files:
            if f.endswith((".cpp", ".h", ".td", ".py", ".txt", ".cmake")):
                with open(os.path.join(src, f), errors="replace") as fh:
                    words.update(re.findall(r"\w+", fh.read()))
        self.words = words
        self.targets = set()
        for f in self.files:
            if os.path.basename(f) == "CMakeLists.txt" or f.endswith(".cmake"):
                with open(os.path.join(src, f), errors="replace") as fh:
                    self.targets.update(re.findall(
                        r"add_(?:executable|custom_target|library|lit_testsuite|"
                        r"test)\(\s*(?:NAME\s+)?([\w-]+)", fh.read()))
        self.tool_options = {
            t: options_in(help_text(os.path.join(bindir, t), "--help-hidden"))
            for t in ("nndct-opt", "nndct-translate")}
        self.flags = set().union(*self.tool_options.values())
        nndct = os.path.join(bindir, "nndct")
        top = help_text(nndct, "--help")
        self.commands = set(re.findall(r"^\s{2,}(\w+)\s+- ", top, re.M))
        self.command_options = {
            c: options_in(help_text(nndct, c, "--help-hidden"))
            for c in self.commands}
        self.all_options = set(self.flags).union(*self.command_options.values())
        self.problems = []

    def report(self, doc, line, what):
        self.problems.append(f"{doc}:{line}: {what}")

    # --- paths --------------------------------------------------------------
    def path_exists(self, path):
        path = path.rstrip("/")
        norm = os.path.normpath(path)
        if norm in self.file_set or norm in self.dirs:
            return True
        # A path written relative to a folder (`tools/nndct/x.test` under
        # test/), or a stem without extension (`passes/OptionChecks`).
        for f in self.files:
            if f == norm or f.endswith("/" + norm):
                return True
            stem, _ = os.path.splitext(f)
            if stem == norm or stem.endswith("/" + norm):
                return True
        return any(d.endswith("/" + norm) for d in self.dirs)

    def check_path(self, doc, line, token):
        if is_placeholder(token) or " " in token or token.startswith(("-", ".")):
            return
        first = token.split("/")[0]
        looks_like_path = ("/" in token and first in TOP_DIRS) or (
            "/" not in token and re.fullmatch(r"[\w.-]+", token) and
            token.endswith(SOURCE_EXTS) and not token.startswith("."))
        if not looks_like_path:
            return
        for p in expand_braces(token):
            if not self.path_exists(p):
                self.report(doc, line, f"path `{p}` does not exist")

    # --- flags and options --------------------------------------------------
    def check_flags(self, doc, line, text):
        for m in re.finditer(r"(?<![\w/.<-])(--?)?(nndct-[a-z0-9-]*[a-z0-9])(?![\w.*-])",
                             text):
            name = m.group(2)
            if is_placeholder(name) or name in self.targets:
                continue
            if name not in self.flags:
                self.report(doc, line, f"`{name}` is not a registered pass, "
                            "pipeline or translation (nndct-opt/nndct-translate --help)")

    def check_command_line(self, doc, line, text, in_block):
        # A command: a code span that starts with nndct, or a shell line in a
        # code block (comments dropped).
        if in_block:
            text = re.sub(r"(^|\s)#.*", "", text)
            pattern = r"(?:^|[\s;|&(])(?:\S*/)?nndct\s+([a-z]+)\b(.*)"
        else:
            pattern = r"^\s*(?:\S*/)?nndct\s+([a-z]+)\b(.*)"
        m = re.search(pattern, text)
        if not m:
            return
        cmd, rest = m.group(1), m.group(2)
        if cmd not in self.commands:
            self.report(doc, line, f"`nndct {cmd}`: nndct has no command "
                        f"'{cmd}' (commands: {', '.join(sorted(self.commands))})")
            return
        for o in re.findall(r"(?<![\w-])--([a-zA-Z][\w-]*)", rest):
            if o not in self.command_options[cmd]:
                self.report(doc, line, f"`nndct {cmd}` has no option --{o}")

    def check_tool_line(self, doc, line, text, in_block):
        """Options of an nndct-opt / nndct-translate command line."""
        if in_block:
            text = re.sub(r"(^|\s)#.*", "", text)
            pattern = r"(?:^|[\s;|&(])(?:\S*/)?(nndct-opt|nndct-translate)\b(.*)"
        else:
            pattern = r"^\s*(?:\S*/)?(nndct-opt|nndct-translate)\b(.*)"
        m = re.search(pattern, text)
        if not m:
            return
        tool, rest = m.group(1), m.group(2)
        for o in re.findall(r"(?<![\w-])--([a-zA-Z][\w-]*)", rest):
            # nndct-* flags are check_flags' business.
            if o.startswith("nndct-") or is_placeholder(o):
                continue
            if o not in self.tool_options[tool]:
                self.report(doc, line, f"`{tool}` has no option --{o}")

    def check_links(self, doc, line, text, path):
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            full = os.path.normpath(os.path.join(os.path.dirname(path), target))
            if not os.path.exists(full):
                self.report(doc, line, f"link target `{target}` does not exist")

    def check_option(self, doc, line, token):
        m = re.fullmatch(r"--([a-zA-Z][\w-]*)(?:[= ].*)?", token)
        if m and not is_placeholder(m.group(1)) and \
                m.group(1) not in self.all_options:
            self.report(doc, line, f"option `--{m.group(1)}` belongs to no nndct tool")

    # --- identifiers ----------------------------------------------------------
    def known_identifier(self, name):
        if name in self.words:
            return True
        return subprocess.run(["grep", "-rqw", "--include=*.h", name, LLVM_INCLUDE],
                              capture_output=True).returncode == 0

    def check_identifier(self, doc, line, token):
        m = re.fullmatch(r"((?:[A-Za-z_]\w*::)*[A-Za-z_]\w*)(\(.*\))?", token)
        if not m or is_placeholder(token):
            return
        for part in m.group(1).split("::"):
            camel = re.search(r"[a-z][A-Z]", part) or re.fullmatch(
                r"[A-Z][a-z]+[A-Z]\w*", part)
            if camel and not re.fullmatch(r"[A-Z0-9_]+", part) and \
                    not self.known_identifier(part):
                self.report(doc, line, f"`{part}` appears nowhere in the source tree")

    def check_doc(self, path):
        doc = os.path.relpath(path, self.src)
        in_block = False
        # Python blocks are not command lines (`from nndct import ...`).
        python = False
        with open(path) as fh:
            for n, text in enumerate(fh, 1):
                if text.lstrip().startswith("```"):
                    in_block = not in_block
                    python = in_block and text.strip()[3:] == "python"
                    continue
                if not in_block:
                    self.check_links(doc, n, text, path)
                spans = [text] if in_block else re.findall(r"`([^`]+)`", text)
                for span in spans:
                    self.check_flags(doc, n, span)
                    if not python:
                        self.check_command_line(doc, n, span, in_block)
                        self.check_tool_line(doc, n, span, in_block)
                    if in_block:
                        continue
                    token = span.strip()
                    self.check_path(doc, n, token)
                    self.check_option(doc, n, token)
                    self.check_identifier(doc, n, token)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("docs", nargs="*")
    args = ap.parse_args()
    docs = args.docs or [os.path.join(args.src, "README.md")] + sorted(
        os.path.join(args.src, "docs", f)
        for f in os.listdir(os.path.join(args.src, "docs")) if f.endswith(".md"))
    checker = Checker(args.src, args.bin)
    for d in docs:
        checker.check_doc(d)
    for p in checker.problems:
        print(p)
    print(f"check-docs: {len(docs)} file(s), {len(checker.problems)} stale reference(s)")
    return 1 if checker.problems else 0


if __name__ == "__main__":
    sys.exit(main())
