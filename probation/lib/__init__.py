"""Framework-free helpers: plain values in, plain values out."""
