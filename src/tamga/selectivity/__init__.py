"""Selectivity that learns from outcomes: what inspections found, a model over the rules, lanes
with capacity, and the replay that measures them (docs/risk.md, "Selectivity that learns").

- :mod:`tamga.selectivity.outcomes`: an inspection's or review's result, read from CSV.
- :mod:`tamga.selectivity.features`: one declaration's features (rules' hits and evidence, HS
  levels, countries, office, route, holder, value, weight).
- :mod:`tamga.selectivity.model`: the gradient-boosted model (LightGBM), its training set,
  metrics and per-feature contributions.
- :mod:`tamga.selectivity.lanes`: red / yellow / blue / green within each lane's capacity.
- :mod:`tamga.selectivity.replay`: week by week, only inspected declarations reveal the truth.
- :mod:`tamga.selectivity.service`: the above over the store (outcomes, models, the ledger).
"""
