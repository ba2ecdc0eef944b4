# ruff: noqa: E501
"""Thematic areas (skos:Concept at ``https://virsis.example/theme/<slug>``)."""

THEMES: dict[str, tuple[str, str]] = {
    "family": ("Ģimene un bērni", "Family and children"),
    "residence": ("Dzīvesvieta un adrese", "Residence and address"),
    "identity": ("Personu apliecinoši dokumenti", "Identity documents"),
    "work": ("Darbs un bezdarbs", "Work and unemployment"),
    "social": ("Sociālā drošība un pabalsti", "Social security and benefits"),
    "health": ("Veselība", "Health"),
    "education": ("Izglītība", "Education"),
    "transport": ("Transports un satiksme", "Transport and traffic"),
    "taxes": ("Nodokļi", "Taxes"),
    "property": ("Īpašums un būvniecība", "Property and construction"),
    "business": ("Uzņēmējdarbība", "Business"),
    "administration": ("Valsts pārvalde", "Public administration"),
    "safety": ("Drošība un tiesības", "Safety and justice"),
}
