"""Deskflow's fault script, `scripts/faults`, as a package: `plan` (options and what each client does), `journal`
(every request and its answer, the kill inside a write), `checks` (the store read through `deskflow check --json` and
the pages), `drills` (outages, a locked database), `run` (the rounds, backup and restore) and `report` (the summary,
reliability/faults-latest.*, the README figures). The HTTP client is `deskflow_client`, shared with bench/bench.py."""
