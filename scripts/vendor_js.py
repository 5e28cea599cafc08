"""Refresh the JavaScript the explorer app ships (queries/serve/static/vendor/).

The app loads nothing from outside its own server, so the browser libraries
live in the package: graphology (the graph model) and graphology-library
(ForceAtlas2, noverlap, shortest paths), both MIT, from npm at pinned versions.
Each package's built browser bundle and its licence are copied; VERSIONS.txt
records what was taken. Needs ``npm`` and registry access; run it after
changing a pin below:

    python scripts/vendor_js.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "queries" / "serve" / "static" / "vendor"

# package, version, file in the package -> name in vendor/
PACKAGES = [
    ("graphology", "0.26.0", "dist/graphology.umd.min.js", "graphology.umd.min.js"),
    (
        "graphology-library",
        "0.8.0",
        "dist/graphology-library.min.js",
        "graphology-library.min.js",
    ),
]


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, version, source, target in PACKAGES:
            subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--silent"], cwd=tmp, check=True,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            archive = Path(tmp) / f"{name}-{version}.tgz"
            with tarfile.open(archive) as tar:
                tar.extractall(Path(tmp) / name, filter="data")
            root = Path(tmp) / name / "package"
            shutil.copyfile(root / source, VENDOR / target)
            licence = next(p for p in root.iterdir() if p.name.upper().startswith("LICEN"))
            shutil.copyfile(licence, VENDOR / f"{name}.LICENSE.txt")
            lines.append(f"{name} {version} (MIT) {source} -> {target}")
            print(f"vendored {name} {version}")
    (VENDOR / "VERSIONS.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
