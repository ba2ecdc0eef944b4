"""Page types and snippets of the public site, one page type per module."""

from .catalogue import CatalogueIndexPage
from .change_note import ChangeNote, ChangeNoteExplanation
from .facets import CatalogueFacets, CatalogueOrderChunk
from .feedback import PageFeedback
from .home import HomePage
from .info import InfoPage
from .institution import InstitutionIndexPage, InstitutionPage
from .life_situation import LifeSituationIndexPage, LifeSituationPage
from .service import ServiceIndexPage, ServicePage
from .topic import Topic

__all__ = [
    "CatalogueFacets",
    "CatalogueIndexPage",
    "CatalogueOrderChunk",
    "ChangeNote",
    "ChangeNoteExplanation",
    "HomePage",
    "InfoPage",
    "InstitutionIndexPage",
    "InstitutionPage",
    "LifeSituationIndexPage",
    "LifeSituationPage",
    "PageFeedback",
    "ServiceIndexPage",
    "ServicePage",
    "Topic",
]
