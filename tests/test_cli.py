import os
import subprocess
import sys
from pathlib import Path


def test_file_commands_run_without_a_secret_key(tmp_path):
    """`macp link` (CONTRACTS §1) serves nothing, so it must work on a machine with no SECRET_KEY configured."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "MACP_TESTING", "MACP_DEMO", "DEBUG", "DATABASE_URL")
    }
    env["MACP_VAR_DIR"] = str(tmp_path / "var")
    macp = Path(sys.executable).with_name("macp")
    gen = subprocess.run(
        [str(macp), "gen-records", "--people", "30", "--seed", "5", "--out", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert gen.returncode == 0, gen.stderr
    link = subprocess.run(
        [str(macp), "link", "--input", str(tmp_path / "records.csv"), "--output", str(tmp_path / "clusters.csv")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert link.returncode == 0, link.stderr
    assert (tmp_path / "clusters.csv").read_text().startswith("source,source_id,person_id")
    served = subprocess.run([str(macp), "check"], env=env, capture_output=True, text=True)
    assert served.returncode != 0 and "SECRET_KEY must be set" in served.stderr
