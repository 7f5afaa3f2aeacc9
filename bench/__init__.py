"""Benchmarks, run by hand (not part of `make test`); see bench/README.md."""
