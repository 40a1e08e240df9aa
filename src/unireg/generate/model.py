"""The realism model as data: who lives in the synthetic province, what they do, how they enrol.

Every probability the simulation uses is here, with where it comes from, so
the model can be read (and argued with) in one place. Figures are rounded
national or Guangdong statistics for 2017 (the default reference year) or
plain judgement where no statistic exists; docs/generator.md explains them.
"""

from __future__ import annotations

import numpy as np

# --- Codes used inside the simulation (small integers; strings only at delivery time) ---------

# Activity groups: what a person does on the as-of date. Each maps to an employment_type.
CHILD, STUDENT, EMPLOYEE, PUBLIC, FLEXIBLE, PLATFORM, SELF_EMPLOYED, FARMER = range(8)
UNEMPLOYED, RETIRED, ELDERLY, HOMEMAKER = range(8, 12)
GROUP_NAMES = ("child", "student", "employee", "public", "flexible", "platform",
               "self_employed", "farmer", "unemployed", "retired", "elderly", "homemaker")
# The data-standard employment_type each group reports ("" for young children: nothing).
GROUP_EMPLOYMENT_TYPE = ("", "student", "employee", "employee", "flexible", "platform",
                         "self_employed", "farmer", "unemployed", "retired", "retired", "other")

# Migration: 0 lives where the hukou is, 1 hukou in another county of the province,
# 2 hukou in another province.
LOCAL, INTRA, INTER = 0, 1, 2

# Person status (frame codes) in code order of data-standard §2.
LIVING, DECEASED, EMIGRATED = 0, 1, 2
PERSON_STATUS = ("living", "deceased", "emigrated")

# Schemes and groups: indexes into these tuples; names are the data-standard codes.
SCHEMES = ("OAI_EMP", "OAI_PUB", "OAI_RES", "MI_EMP", "MI_RES", "WII", "UI", "MAT")
OAI_EMP, OAI_PUB, OAI_RES, MI_EMP, MI_RES, WII, UI, MAT = range(8)
SCHEME_GROUP = np.array([0, 0, 0, 1, 1, 2, 3, 4], dtype=np.int8)  # checked against the profile
GROUPS = ("old_age", "medical", "work_injury", "unemployment", "maternity")
G_OLD, G_MED, G_WII, G_UI, G_MAT = range(5)

ENROLMENT_STATUS = ("contributing", "suspended", "receiving", "terminated")
CONTRIBUTING, SUSPENDED, RECEIVING, TERMINATED = range(4)

# Reasons for being uninsured (data-standard reason_uninsured), 1-based in ``why`` arrays
# (0 means the person is truly covered in that group).
REASONS = ("unaware", "cannot_afford", "unwilling", "employer_not_enrolled",
           "enrolled_elsewhere", "recently_moved", "other")
COVERED = 0
UNAWARE, CANNOT_AFFORD, UNWILLING, EMPLOYER_NOT_ENROLLED = 1, 2, 3, 4
ENROLLED_ELSEWHERE, RECENTLY_MOVED, OTHER = 5, 6, 7

SIZES = ("micro", "small", "medium", "large")
# Employees at or above which an employer is small, medium, large (GB/T industrial rule of thumb).
SIZE_THRESHOLDS = (20, 300, 1000)

# --- Population ---------------------------------------------------------------------------

# China 2017 by five-year age group, 0-4 ... 95-99, percent (NBS sample survey, rounded).
AGE_PYRAMID = np.array([5.9, 5.6, 5.2, 5.5, 6.5, 8.8, 7.6, 7.0, 8.0, 9.0,
                        8.5, 6.1, 5.9, 4.3, 2.8, 2.0, 1.3, 0.6, 0.2, 0.05])
# Age at death, ten-year groups 0-9 ... 90-99, percent (deaths are mostly old).
DEATH_AGES = np.array([1.5, 0.5, 1.0, 1.5, 3.5, 8.0, 14.0, 24.0, 31.0, 15.0])
# Probability of being male by age (lower bounds): the birth sex ratio was ~1.15 for the
# young cohorts, women outlive men. Overall about 1.05.
MALE_SHARE = ((0, 0.535), (20, 0.515), (60, 0.49), (80, 0.43))

P_DECEASED = 0.025      # frame holds deaths of the last five years (crude death rate ~5/1000)
P_EMIGRATED = 0.003
P_STATUS_AFTER_REF = 0.05  # of deaths/emigrations, dated in the 90 days after the reference date
DEATH_WINDOW_DAYS = 5 * 365

# Migrants by age (lower bounds): (intra-provincial, inter-provincial). Guangdong 2017:
# about 20% of residents hold a hukou of another province, 10-12% of another county.
MIGRANT_SHARE = ((0, 0.08, 0.15), (15, 0.12, 0.25), (20, 0.15, 0.36), (45, 0.10, 0.20),
                 (60, 0.04, 0.05))
MIGRANT_YEARS_MEAN = 5.0  # time since arrival, exponential
# Hukou type: urban share by county kind; migrants from other provinces are mostly rural.
URBAN_SHARE_DISTRICT = 0.72
URBAN_SHARE_COUNTY = 0.30
URBAN_SHARE_INTER = 0.20
# Frame coverage: the household register holds every local; residence registration misses
# some migrants from other provinces; some newborns are not registered yet.
P_FRAME_INTER = 0.85
P_FRAME_NEWBORN = 0.90

# Where Guangdong's migrants come from (province code: weight); others share the rest.
MIGRANT_ORIGINS_44 = {"43": 22, "45": 20, "51": 9, "36": 10, "41": 8, "42": 8, "52": 6,
                      "50": 4, "35": 3}
MIGRANT_ORIGINS_OTHER = 10  # total weight of every other province

# Full-time students by age (lower bounds): (local, intra, inter).
STUDENT_SHARE = ((16, 0.88, 0.80, 0.45), (19, 0.50, 0.40, 0.12), (23, 0.08, 0.06, 0.02),
                 (26, 0.0, 0.0, 0.0))
RETIREMENT_AGE = (60, 50)  # men, women (enterprise workers)
# Among people past retirement age: share drawing an employee pension.
P_RETIRED = {"urban": 0.78, "rural": 0.22, "inter": 0.30}
P_RETIRED_PUBLIC = 0.20  # of those, former public-sector staff (OAI_PUB)
# Working-age activity: EMPLOYEE, PUBLIC, FLEXIBLE, PLATFORM, SELF_EMPLOYED, FARMER,
# UNEMPLOYED, HOMEMAKER.
WORK_ORDER = (EMPLOYEE, PUBLIC, FLEXIBLE, PLATFORM, SELF_EMPLOYED, FARMER, UNEMPLOYED, HOMEMAKER)
WORK_SHARES = {
    "inter": (0.700, 0.005, 0.060, 0.060, 0.075, 0.000, 0.030, 0.070),
    "urban": (0.520, 0.120, 0.070, 0.040, 0.090, 0.000, 0.050, 0.110),
    "rural": (0.400, 0.030, 0.060, 0.030, 0.080, 0.240, 0.040, 0.120),
}

# --- Employers ----------------------------------------------------------------------------

# Employer size class shares (by count of employers) and employee ranges (log-uniform).
EMPLOYER_CLASSES = {
    "enterprise": ((0.88, 1, 19), (0.105, 20, 299), (0.012, 300, 999), (0.003, 1000, 6000)),
    "public": ((0.30, 3, 19), (0.55, 20, 299), (0.12, 300, 999), (0.03, 1000, 3000)),
}
# Employers that enrol their staff, by size: compliance falls with size.
COMPLIANCE = (0.55, 0.78, 0.92, 0.98)
P_COMPLIANCE_PUBLIC = 0.99
# GB/T 4754 sections for enterprises (A-R; S is public administration, T international).
INDUSTRY_SHARES = {"A": 2, "B": 0.5, "C": 33, "D": 1, "E": 8, "F": 16, "G": 5, "H": 7, "I": 4,
                   "J": 2, "K": 4, "L": 7, "M": 3, "N": 1, "O": 3, "P": 1.5, "Q": 1.5, "R": 1.5}
PUBLIC_INDUSTRY_SHARES = {"S": 50, "P": 30, "Q": 20}
P_INDIVIDUAL_BUSINESS = 0.5  # of micro enterprises: registered as 个体工商户 (USCC type 92)

# --- Jobs and enrolment ---------------------------------------------------------------------

TENURE_YEARS_MEAN = {"enterprise": 4.0, "public": 10.0}
P_PREVIOUS_JOB = 0.40       # employees whose career is long enough had an earlier employer
PREVIOUS_TENURE_MEAN = 3.0
P_INDIVIDUAL_ENROLS = {"compliant": 0.97, "non_compliant": 0.08, "public": 0.99}
# Given enrolled in the employee old-age and medical schemes: also in WII, UI, MAT.
P_EMPLOYEE_SCHEME = {"enterprise": (0.99, 0.92, 0.93), "public": (0.92, 0.85, 0.95)}
P_SUSPENDED_EMPLOYEE = 0.04
WAGE_MEDIAN = {"enterprise": 5500.0, "public": 7200.0}  # yuan per month (Guangdong 2017)
WAGE_SIGMA = 0.45
CONTRIBUTION_BASE_LIMITS = (3000, 20000)  # 60% and 300% of the average wage, rounded
# Employees not enrolled by their employer who enrol in a resident scheme themselves.
P_EMPLOYEE_FALLBACK = {"OAI_RES": 0.45, "MI_RES": 0.85}
P_MI_RES_HISTORY = 0.25     # young employees who had resident medical cover before the job

# Old-age and medical choice for other activities: (employee scheme as individual,
# resident scheme); the rest is uninsured.
OLD_AGE_CHOICE = {FLEXIBLE: (0.40, 0.38), PLATFORM: (0.15, 0.40), SELF_EMPLOYED: (0.35, 0.40),
                  FARMER: (0.0, 0.90), UNEMPLOYED: (0.45, 0.35), HOMEMAKER: (0.0, 0.70),
                  ELDERLY: (0.0, 0.92)}
MEDICAL_CHOICE = {FLEXIBLE: (0.30, 0.60), PLATFORM: (0.10, 0.72), SELF_EMPLOYED: (0.25, 0.67),
                  FARMER: (0.0, 0.97), UNEMPLOYED: (0.0, 0.85), HOMEMAKER: (0.0, 0.95),
                  ELDERLY: (0.0, 0.96), STUDENT: (0.0, 0.96), CHILD: (0.0, 0.95),
                  RETIRED: (0.96, 0.70)}
P_NEWBORN_MI_RES = 0.70
P_SUSPENDED_INDIVIDUAL = 0.15
P_UI_RECEIVING = 0.15       # registered unemployed drawing unemployment benefit
# Resident enrolment of migrants: where (residence county rather than hukou county) and whether
# an enrolment at a hukou county in another province reaches the province's registry at all.
P_MI_RES_AT_RESIDENCE = {INTRA: 0.50, INTER: 0.35}
P_OTHER_PROVINCE_DELIVERED = 0.75
P_NEXT_YEAR_MI_RES = 0.25   # uninsured who signed up for next year's resident medical cover
RECENT_DAYS = 365           # a migrant who arrived within this is "recently moved"
P_RECENT_REASON = 0.70

# Reasons given when a person is not enrolled by their own choice, per kind of person:
# weights over (unaware, cannot_afford, unwilling, other).
PERSONAL_REASONS = {
    "employee": (0.15, 0.30, 0.45, 0.10),
    "platform": (0.35, 0.30, 0.25, 0.10),
    "informal": (0.20, 0.40, 0.30, 0.10),
    "resident": (0.30, 0.30, 0.30, 0.10),
    "young": (0.40, 0.20, 0.20, 0.20),
}

# --- Other records --------------------------------------------------------------------------

P_EMPLOYMENT_RECORD = {EMPLOYEE: 0.90, PUBLIC: 0.90, STUDENT: 1.0, FLEXIBLE: 0.35,
                       PLATFORM: 0.50, SELF_EMPLOYED: 0.50, FARMER: 0.15, RETIRED: 0.10,
                       ELDERLY: 0.0, UNEMPLOYED: 0.50, HOMEMAKER: 0.03, CHILD: 0.0}
P_PREVIOUS_JOB_RECORD = 0.35
P_SURVEY = 0.015             # door-to-door survey: everyone ...
P_SURVEY_UNINSURED = 0.12    # ... and more often where people are uninsured
P_SURVEY_TRUTHFUL = 0.90     # a respondent gives the true reason
SURVEY_DAYS = 120            # visits in the last four months before the reference date
SURVEY_MAX_ROWS = 1_048_575  # one XLSX sheet
