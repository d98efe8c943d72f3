"""Imports every domain's models so the metadata is complete (migrations, tests)."""

from marketplace.accounts.models import Role, User
from marketplace.cv.models import CvAccessLog
from marketplace.db import Base
from marketplace.employers.models import Organization
from marketplace.indexing.models import EmbeddingCacheEntry, OutboxEntry
from marketplace.messaging.models import Conversation, Message
from marketplace.profiles.models import Education, Profile, ProfileLanguage, WorkExperience
from marketplace.saved_searches.models import SavedSearch
from marketplace.service_model.models import Customer
from marketplace.shortlists.models import ShortlistEntry
from marketplace.taxonomy.models import Concept
from marketplace.vacancies.models import Vacancy

__all__ = [
    "Base",
    "Concept",
    "Conversation",
    "Customer",
    "CvAccessLog",
    "Education",
    "EmbeddingCacheEntry",
    "Message",
    "Organization",
    "OutboxEntry",
    "Profile",
    "ProfileLanguage",
    "Role",
    "SavedSearch",
    "ShortlistEntry",
    "User",
    "Vacancy",
    "WorkExperience",
]
