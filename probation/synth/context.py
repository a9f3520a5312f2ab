"""The shared state generation steps read and extend. Steps add what later steps need (the staff
of each team, each person's hidden risk…) to the context, and yield interchange records."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from .data.places import AreaData
from .quality import DEFAULT as DEFAULT_QUALITY
from .quality import ProviderQuality, QualityProfile


@dataclass(eq=False)
class SynthProvider:
    id: str
    name: str
    code: str
    public: bool
    record: dict


@dataclass(eq=False)
class SynthStaff:
    id: str
    name: str
    grade: str
    roles: list[str]
    provider: SynthProvider
    area: SynthArea
    team: SynthTeam | None
    phone: str


@dataclass(eq=False)
class SynthTeam:
    id: str
    name: str
    provider: SynthProvider
    area: SynthArea
    office_id: str
    record: dict
    manager: SynthStaff | None = None
    officers: list[SynthStaff] = field(default_factory=list)  # POs and PSOs who hold cases
    admin: list[SynthStaff] = field(default_factory=list)


@dataclass(eq=False)
class SynthArea:
    id: str
    data: AreaData
    crn_letter: str
    people: int  # how many people the region has in this area
    nps: SynthProvider | None = None
    crc: SynthProvider | None = None
    teams: dict[str, list[SynthTeam]] = field(default_factory=dict)  # provider code → teams
    heads: dict[str, SynthStaff] = field(default_factory=dict)  # provider code → head of service
    quality: dict[str, list[SynthStaff]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.data.name


@dataclass(eq=False)
class SynthSentence:
    """One event and its disposal, as later steps need them."""

    event_id: str
    disposal_id: str
    sentence_type: str
    conviction_date: date
    sentence_date: date
    start_date: date
    end_date: date | None
    terminated_on: date | None
    requirement_types: list[str]


@dataclass(eq=False)
class SynthPerson:
    """A generated person, with what is recorded and what is hidden (true risk, seriousness) for
    later steps to build on."""

    index: int
    id: str
    crn: str
    area: SynthArea
    sex: str
    date_of_birth: date
    ethnicity: str
    main_category: str
    serious: bool
    risk: str  # hidden risk of serious harm: low, medium, high, very_high
    provider: SynthProvider
    team: SynthTeam
    sentence_type: str  # of the current sentence
    record: dict
    limited_access: str = ""  # "", "exclusion" or "restriction"
    sentences: list[SynthSentence] = field(default_factory=list)
    officers: list[SynthStaff] = field(default_factory=list)  # responsible officers, oldest first
    allocated_on: date | None = None  # first responsible officer
    escalated_on: date | None = None  # came back from a CRC to the NPS

    @property
    def current(self) -> SynthSentence:
        return self.sentences[-1]


@dataclass(eq=False)
class GenerationContext:
    people_count: int
    seed: int
    as_at: date
    area_names: list[str]
    areas: list[SynthArea] = field(default_factory=list)
    providers: dict[str, SynthProvider] = field(default_factory=dict)  # by code
    staff: list[SynthStaff] = field(default_factory=list)
    people: list[SynthPerson] = field(default_factory=list)
    # Free space for later steps to share state without changing this class.
    extra: dict = field(default_factory=dict)
    # How well each provider works (`probation.synth.quality`); the seed inspection's by default.
    quality: QualityProfile = DEFAULT_QUALITY

    def rng(self, step_name: str) -> random.Random:
        """Each step draws from its own stream, so adding a step never changes another's output."""
        return random.Random(f"{self.seed}:{step_name}")

    def quality_of(self, provider: SynthProvider) -> ProviderQuality:
        return self.quality.for_provider(provider)

    @property
    def nps(self) -> SynthProvider:
        return self.providers["NPS"]
