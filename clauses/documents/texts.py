"""Sentences the documents share, whatever their format."""

INDICATORS_NOTE = (
    "Les chiffres d'un marché comptent dans son territoire pilote ; une personne employée "
    "sur plusieurs placements compte une seule fois."
)
SECRECY_EXPLANATION = (
    "Un détail portant sur moins de cinq personnes relève du secret statistique : il "
    "n'apparaît que pour les personnes habilitées à voir les données personnelles de "
    "chacune d'elles."
)
