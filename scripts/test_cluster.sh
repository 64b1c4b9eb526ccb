#!/usr/bin/env bash
# The scenario suite on a Spark standalone cluster on 127.0.0.1 (scripts/spark_cluster.sh:
# master, worker, Thrift server), through the `thrift` target; the cluster is stopped at the
# end, also on failure. Extra arguments are a pytest selection run on the same cluster after
# the scenario build (--no-scenarios skips the build), e.g.
#   scripts/test_cluster.sh
#   scripts/test_cluster.sh tests/python/test_pipeline_scenarios.py
#   SPARK_THRIFT_PORT=10011 VE_SPARK_MASTER_PORT=7177 scripts/test_cluster.sh --no-scenarios -k incremental
# Everything else is scripts/test_thrift.sh --cluster.
exec "$(dirname "$0")/test_thrift.sh" --cluster "$@"
