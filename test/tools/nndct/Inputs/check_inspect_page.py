"""Checks what headless Chromium made of an `nndct inspect --html` page.

usage: check_inspect_page.py TABLE DOM CONSOLE

TABLE is the stdout of the same `nndct inspect` run, DOM the page after
its scripts ran (chromium --dump-dom), CONSOLE chromium's stderr log.
Checks: no script error (in the page's own record or the console), one
<g class="op DEVICE"> per op of the table with the table's per-device
counts, every op's computed fill the colour of its device, and the click
self-test showing the reason of a CPU op. Prints one summary line.
"""
import json
import re
import sys
from html.parser import HTMLParser

EXPECTED_FILL = {"npu": "rgb(142, 197, 255)", "cpu": "rgb(255, 196, 138)"}


class Page(HTMLParser):
    """The op nodes and the status element of the dumped DOM."""

    def __init__(self):
        super().__init__()
        self.ops = []
        self.status = None
        self.status_text = ""
        self.in_status = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "g" and "op" in classes:
            self.ops.append((classes, a))
        if a.get("id") == "nndct-status":
            self.status = a
            self.in_status = True

    def handle_endtag(self, tag):
        if tag == "pre":
            self.in_status = False

    def handle_data(self, data):
        if self.in_status:
            self.status_text += data


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main(table_path, dom_path, console_path):
    table = open(table_path, encoding="utf-8").read()
    m = re.search(r"^# placement: (\d+) ops, npu=(\d+) cpu=(\d+)$", table, re.M)
    if not m:
        fail("no '# placement:' line in the table")
    total, npu, cpu = (int(g) for g in m.groups())
    dom = open(dom_path, encoding="utf-8").read()
    console = open(console_path, encoding="utf-8", errors="replace").read()
    errors = [l for l in console.splitlines()
              if "Uncaught" in l or ("CONSOLE" in l and "Error" in l)]
    if errors:
        fail("console errors:\n" + "\n".join(errors))
    page = Page()
    page.feed(dom)
    if len(page.ops) != total:
        fail(f"{len(page.ops)} op nodes in the DOM, the table has {total} ops")
    per_device = {"npu": 0, "cpu": 0}
    for classes, attrs in page.ops:
        device = attrs.get("data-device")
        if device not in per_device or device not in classes:
            fail(f"op node {attrs.get('data-op')!r}: class {classes}, "
                 f"data-device {device!r}")
        per_device[device] += 1
    if (per_device["npu"], per_device["cpu"]) != (npu, cpu):
        fail(f"DOM has npu={per_device['npu']} cpu={per_device['cpu']}, "
             f"table npu={npu} cpu={cpu}")
    if page.status is None or page.status.get("data-ready") != "true":
        fail("the page script did not finish (no ready status)")
    if "data-errors" in page.status:
        fail("the page recorded script errors")
    status = json.loads(page.status_text)
    if status["errors"]:
        fail("script errors: " + "; ".join(status["errors"]))
    if status["ops"] != total:
        fail(f"the script saw {status['ops']} ops, the table has {total}")
    if status["wrongFills"]:
        fail(f"{status['wrongFills']} ops not filled with their device's colour: "
             f"{status['fills']}")
    for device, fills in status["fills"].items():
        if fills != [EXPECTED_FILL[device]]:
            fail(f"{device} ops filled {fills}, expected {EXPECTED_FILL[device]}")
    test = status.get("selftest")
    if cpu and test:
        if not test["selected"] or "reason" not in test["info"]:
            fail(f"clicking {test['clicked']!r} did not show its reason: {test}")
    print(f"page ok: {total} op nodes (npu {npu}, cpu {cpu}), "
          f"{status['edges']} edges, fills {json.dumps(status['fills'], sort_keys=True)}, "
          f"clicked {test['clicked'] if test else None!r}: {test['info'] if test else ''}")


if __name__ == "__main__":
    main(*sys.argv[1:])
