"""Sample data for `make demo` and the benchmarks: a realistic small business."""
