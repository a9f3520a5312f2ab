from django.db import models


class Sex(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"


class Ethnicity(models.TextChoices):
    WHITE_BRITISH = "W1", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "W2", "White: Irish"
    WHITE_GYPSY = "W3", "White: Gypsy or Irish Traveller"
    WHITE_OTHER = "W9", "White: any other White background"
    MIXED_WB_CARIBBEAN = "M1", "Mixed: White and Black Caribbean"
    MIXED_WB_AFRICAN = "M2", "Mixed: White and Black African"
    MIXED_W_ASIAN = "M3", "Mixed: White and Asian"
    MIXED_OTHER = "M9", "Mixed: any other mixed background"
    ASIAN_INDIAN = "A1", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "A2", "Asian or Asian British: Pakistani"
    ASIAN_BANGLADESHI = "A3", "Asian or Asian British: Bangladeshi"
    ASIAN_CHINESE = "A4", "Asian or Asian British: Chinese"
    ASIAN_OTHER = "A9", "Asian or Asian British: any other Asian background"
    BLACK_CARIBBEAN = "B1", "Black or Black British: Caribbean"
    BLACK_AFRICAN = "B2", "Black or Black British: African"
    BLACK_OTHER = "B9", "Black or Black British: any other Black background"
    OTHER_ARAB = "O1", "Other ethnic group: Arab"
    OTHER = "O9", "Other ethnic group: any other"
    NOT_STATED = "NS", "Not stated"

    @classmethod
    def broad_group(cls, code: str) -> str:
        """The five-way grouping that inspection samples are stratified on."""
        groups = {"W": "White", "M": "Mixed", "A": "Asian", "B": "Black", "O": "Other"}
        return groups.get(code[:1], "Not stated")


class Religion(models.TextChoices):
    NONE = "none", "No religion"
    CHRISTIAN = "christian", "Christian"
    MUSLIM = "muslim", "Muslim"
    HINDU = "hindu", "Hindu"
    SIKH = "sikh", "Sikh"
    JEWISH = "jewish", "Jewish"
    BUDDHIST = "buddhist", "Buddhist"
    OTHER = "other", "Other religion"
    NOT_STATED = "not_stated", "Not stated"


class SexualOrientation(models.TextChoices):
    HETEROSEXUAL = "heterosexual", "Heterosexual or straight"
    GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Other sexual orientation"
    NOT_STATED = "not_stated", "Not stated"


class AddressType(models.TextChoices):
    MAIN = "main", "Main address"
    APPROVED_PREMISES = "approved_premises", "Approved premises"
    TEMPORARY = "temporary", "Temporary"
    NO_FIXED_ABODE = "nfa", "No fixed abode"
    PREVIOUS = "previous", "Previous"


class AccessListType(models.TextChoices):
    EXCLUSION = "exclusion", "Excluded (cannot open this case)"
    RESTRICTION = "restriction", "Restricted to (only these staff may open this case)"
