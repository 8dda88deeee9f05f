"""The trained relation model: a classifier over candidate (actor, faction) pairs of a
sentence, beside the rules and constructions. `features` reads a pair, `model` scores it
with weights from `data/relmodel.json.gz`, `train` fits them on the labelled real-news
training split (`python -m analysis train`)."""
