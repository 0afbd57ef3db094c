"""Drive FaceScatter in a real JupyterLab with headless Chromium (dev only, not shipped).

Used by the browser tests (``tests/browser/``) and the browser benchmark
(``benchmarks/browser_bench.py``); see README.md here.
"""
