"""The assurance run: scanners, the dependency audit and the report that gathers every figure.

``make assurance`` runs the tests and benchmarks that measure trust (they record their figures
with ``tests.assurance.record``), then these modules, then :mod:`assurance.report`.
"""
