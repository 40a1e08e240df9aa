"""Every word the pages show, in English and Chinese.

``translate(key, lang, **params)`` formats the message with ``str.format``.
A test (``tests/web/test_i18n.py``) checks that every key a template uses
exists in both languages. Messages never contain personal data: names and
numbers are passed as parameters only where the page is about that person.
"""

from __future__ import annotations

from typing import Any

LANGS = ("zh", "en")

M: dict[str, tuple[str, str]] = {
    "app": ("unireg · Social security coverage", "unireg · 全民参保登记"),
    "nation": ("Nation", "全国"),
    "nav": ("Main", "主菜单"),
    "nav.dashboard": ("Dashboard", "参保概况"),
    "nav.persons": ("Persons", "人员查询"),
    "nav.queues": ("Work queues", "待办事项"),
    "nav.outreach": ("Outreach", "扩面名单"),
    "nav.survey": ("Survey entry", "入户登记"),
    "nav.exports": ("Exports", "数据导出"),
    "nav.audit": ("Audit", "审计日志"),
    "nav.users": ("Users", "用户管理"),
    "nav.tokens": ("API tokens", "接口令牌"),
    "nav.password": ("Password", "修改密码"),
    "nav.logout": ("Log out", "退出"),
    "footer": ("Registry as of {date}. Personal data is shown for official use only; every view "
               "is recorded.",
               "登记数据截至 {date}。个人信息仅供公务使用，每次查看均有记录。"),
    "back_home": ("Back to the start page", "返回首页"),
    "yes": ("yes", "是"), "no": ("no", "否"), "none": ("None.", "无。"), "all": ("All", "全部"),
    "filter": ("Show", "筛选"), "group": ("Scheme group", "险种"), "schemes": ("Schemes", "险种"),
    "age": ("Age", "年龄"), "no_id": ("no ID number", "无身份证号"),
    # errors
    "error.403": ("Not allowed", "无权访问"),
    "error.403.help": ("Your role does not allow this page, or the form has expired. Reload the "
                       "page and try again.", "您的角色无权访问此页面，或表单已过期。请刷新页面后重"
                                              "试。"),
    "error.404": ("Not found", "未找到"),
    "error.404.help": ("There is nothing here, or it is outside your region.",
                       "没有找到相关内容，或不在您的管辖范围内。"),
    "error.405": ("Not allowed", "不支持的操作"),
    "error.422": ("Please check the values", "请检查填写内容"),
    "error.429": ("Too many requests", "请求过于频繁"),
    "error.429.help": ("Please wait a few minutes and try again.", "请稍候几分钟再试。"),
    "error.500": ("Something went wrong", "系统出错"),
    "error.other": ("Error", "出错了"),
    # landing and log-in
    "landing.title": ("Social security coverage", "社会保险参保查询"),
    "landing.lead": ("Find out whether you are covered by old-age, medical, work injury, "
                     "unemployment and maternity insurance, and what to do if you are not.",
                     "查询您是否参加了养老、医疗、工伤、失业和生育保险，以及未参保时该怎么办。"),
    "landing.citizen": ("Check my coverage", "查询我的参保情况"),
    "landing.citizen.help": ("No account needed: your ID number, name and birth date.",
                             "无需注册：输入身份证号、姓名和出生日期即可。"),
    "landing.staff": ("Staff log-in", "工作人员登录"),
    "landing.staff.help": ("Officers, enumerators, auditors and administrators.",
                           "经办人员、调查员、审计人员和管理员。"),
    "login.title": ("Log in", "登录"),
    "login.username": ("User name", "用户名"),
    "login.password": ("Password", "密码"),
    "login.submit": ("Log in", "登录"),
    "login.failed": ("The user name or password is wrong, or the account is locked or disabled. "
                     "After 5 failed attempts an account is locked for 15 minutes.",
                     "用户名或密码错误，或账号已被锁定或停用。连续失败 5 次将锁定 15 分钟。"),
    "login.help": ("Accounts are created by your administrator. Sessions end after 15 minutes "
                   "without use.", "账号由管理员创建。15 分钟无操作将自动退出。"),
    "password.title": ("Change password", "修改密码"),
    "password.current": ("Current password", "当前密码"),
    "password.new": ("New password (12 characters or more)", "新密码（至少 12 位）"),
    "password.again": ("New password again", "再次输入新密码"),
    "password.submit": ("Change password", "修改密码"),
    "password_wrong": ("The current password is wrong.", "当前密码不正确。"),
    "password_differ": ("The two new passwords differ.", "两次输入的新密码不一致。"),
    "password_weak": ("The new password needs 12 characters or more and must not contain your "
                      "user name.", "新密码至少 12 位，且不能包含用户名。"),
    # dashboard
    "dash.title": ("Coverage", "参保概况"),
    "dash.levels": ("Region levels", "行政层级"),
    "dash.groups": ("Scheme groups", "险种"),
    "dash.as_of": ("On the reference date {date}, by residence.", "统计时点 {date}，按常住地统计。"
                                                                  ""),
    "dash.target_rate": ("of the target population", "目标人群参保率"),
    "dash.all_rate": ("all residents:", "全体常住人口："),
    "dash.no_figures": ("No figures for this region in the registry.", "登记库中没有该地区的数据。"
                                                                       ""),
    "dash.uninsured": ("Uninsured (person × group)", "未参保（人×险种）"),
    "dash.map": ("Map: {group}", "地图：{group}"),
    "dash.no_map": ("No boundaries available for this level.", "该层级暂无边界数据。"),
    "dash.by_province": ("By province", "分省"),
    "dash.by_prefecture": ("By prefecture", "分地市"),
    "dash.by_county": ("By county", "分区县"),
    "dash.table": ("Figures", "统计表"),
    "dash.region": ("Region", "地区"),
    "dash.in_scope": ("Residents", "常住人口"),
    "dash.insured": ("Insured", "参保人数"),
    "dash.rate": ("Rate", "参保率"),
    "dash.target": ("Target", "目标人群"),
    "dash.cuts": ("{group} by population group", "{group}：分人群"),
    "cut.sex": ("Sex", "性别"), "cut.age_band": ("Age band", "年龄段"),
    "cut.hukou_type": ("Hukou type", "户籍类型"), "cut.employment_type": ("Employment",
                                                                        "就业类型"),
    # persons
    "search.title": ("Find a person", "人员查询"),
    "search.by_id": ("By ID number", "按身份证号"),
    "search.by_name": ("Or by name and birth date", "或按姓名和出生日期"),
    "search.submit": ("Search", "查询"),
    "search_needs": ("Give an ID number, or a name and a birth date.",
                     "请输入身份证号，或姓名和出生日期。"),
    "search.scope_note": ("Only persons in your region are found. Every search is recorded.",
                          "只能查到您管辖范围内的人员。每次查询均有记录。"),
    "search.results": ("{n} found", "找到 {n} 人"),
    "search.none": ("Nobody found in your region.", "在您的管辖范围内未找到。"),
    "person.title": ("Person", "人员信息"),
    "person.identity": ("Identity", "身份信息"),
    "person.key": ("Registry key", "登记编号"),
    "person.key_is_id": ("the ID number", "即身份证号"),
    "person.in_frame": ("In the population frame", "在人口底册中"),
    "person.unmask": ("Show the full ID number", "显示完整身份证号"),
    "person.unmask_submit": ("Show and record", "显示并记录"),
    "person.unmask_note": ("Showing the full number is recorded with your purpose.",
                           "显示完整号码将连同用途一并记录。"),
    "person.unmasked": ("shown in full, recorded", "已完整显示并记录"),
    "person.purpose_needed": ("State a purpose (and a note for “other”).",
                              "请选择用途（选择“其他”时需填写说明）。"),
    "purpose": ("Purpose", "用途"),
    "purpose.note": ("Note (case number, request reference)", "说明（案卷号、来函编号）"),
    "purpose.casework": ("Handling this person's case", "办理本人业务"),
    "purpose.enquiry": ("The person's own enquiry", "本人咨询"),
    "purpose.correction": ("Correcting a record", "更正记录"),
    "purpose.inter_agency": ("Request from another agency", "其他部门来函"),
    "purpose.other": ("Other (explain)", "其他（请说明）"),
    "person.coverage": ("Coverage on {date}", "{date} 参保情况"),
    "person.insured": ("Insured", "是否参保"),
    "person.uninsured": ("not insured", "未参保"),
    "person.not_target": ("not in the target group", "不属于目标人群"),
    "person.agencies": ("Agencies", "经办机构"),
    "person.not_in_scope": ("Not in the resident population on the reference date (not in the "
                            "frame, deceased or emigrated).",
                            "统计时点不在常住人口中（不在底册、已死亡或已移居境外）。"),
    "person.enrolments": ("Enrolment history", "参保记录"),
    "person.valid_on": ("Valid on {date}", "{date} 有效"),
    "person.record": ("Record", "记录"),
    "person.employment": ("Employment", "就业"),
    "person.surveys": ("Survey returns", "入户调查"),
    "person.sources": ("Source records and linkage", "来源记录与关联"),
    "person.sources_help": ("Each delivered record tied to this person, how it was tied (method, "
                            "score) and what it said (ID numbers masked).",
                            "关联到此人的每条报送记录、关联方式和得分，以及记录内容（身份证号已脱敏"
                            "）。"),
    "person.timeline": ("Timeline", "变动记录"),
    "person.timeline_help": ("What events changed, oldest first: the person's details and their "
                             "enrolments, each with the event record that changed them.",
                             "按时间先后列出事件带来的变动：个人信息和参保记录，以及引起变动的"
                             "事件记录。"),
    "person.timeline_none": ("No event has changed this person since the deliveries.",
                             "自报送以来没有事件变动此人的信息。"),
    "person.change": ("Change", "变动"),
    "person.what_changed": ("What changed", "变动内容"),
    "person.carried": ("{n} months carried", "转移缴费月数 {n}"),
    "f.in_frame": ("In the frame", "在底册中"),
    "event.birth": ("birth", "出生"), "event.death": ("death", "死亡"),
    "event.emigration": ("emigration", "移居境外"), "event.migration": ("migration", "迁移"),
    "event.enrolment_start": ("enrolment start", "参保"),
    "event.enrolment_end": ("enrolment end", "停保"), "event.transfer": ("transfer", "转移接续"),
    "event.employment_start": ("job start", "入职"),
    "event.employment_end": ("job end", "离职"), "event.correction": ("correction", "信息更正"),
    "person.kind": ("Kind", "类别"),
    "person.method": ("Linked by", "关联方式"),
    "person.score": ("Score", "得分"),
    "person.as_delivered": ("As delivered", "报送内容"),
    "person.reviews": ("Clerical review", "人工核对"),
    "person.decisions": ("Decisions", "处理决定"),
    "person.deceased_active": ("Died, but an enrolment is still active.", "已死亡但仍有有效参保记录"
                                                                          "。"),
    "person.open_case": ("Open the case", "查看待办"),
    "review.as_provisional": ("this record's own person", "本记录对应的临时人员"),
    "review.as_candidate": ("candidate", "候选人员"),
    "method.id": ("ID number", "身份证号"), "method.probabilistic": ("probabilistic", "概率匹配"),
    "method.review": ("clerical review", "人工核对"), "method.provisional": ("provisional",
                                                                            "临时编号"),
    # codes
    "sex.1": ("male", "男"), "sex.2": ("female", "女"), "sex.0": ("unknown", "未知"),
    "sex.9": ("not stated", "未说明"), "sex.": ("–", "–"),
    "status.living": ("living", "健在"), "status.deceased": ("deceased", "死亡"),
    "status.emigrated": ("emigrated", "移居境外"), "status.none": ("not in the frame", "不在底册"),
    "hukou.urban": ("urban hukou", "城镇户籍"), "hukou.rural": ("rural hukou", "农村户籍"),
    "hukou.unknown": ("unknown", "未知"),
    "estatus.contributing": ("contributing", "正常缴费"), "estatus.suspended": ("suspended",
                                                                                "中断缴费"),
    "estatus.receiving": ("receiving benefits", "享受待遇"),
    "estatus.terminated": ("terminated", "已终止"),
    "emp.employee": ("employee", "单位职工"), "emp.flexible": ("flexible work", "灵活就业"),
    "emp.platform": ("platform work", "平台就业"), "emp.self_employed": ("self-employed",
                                                                         "个体经营"),
    "emp.farmer": ("farmer", "务农"), "emp.student": ("student", "学生"),
    "emp.unemployed": ("unemployed", "失业"), "emp.retired": ("retired", "退休"),
    "emp.other": ("other", "其他"), "emp.unknown": ("unknown", "未知"),
    "reason.unaware": ("unaware of the scheme", "不了解政策"),
    "reason.cannot_afford": ("cannot afford contributions", "缴费困难"),
    "reason.unwilling": ("unwilling", "不愿参保"),
    "reason.employer_not_enrolled": ("employer has not enrolled them", "单位未参保"),
    "reason.enrolled_elsewhere": ("enrolled elsewhere", "已在外地参保"),
    "reason.recently_moved": ("recently moved", "近期迁移"),
    "reason.other": ("other", "其他"),
    "kind.population": ("population", "人口"), "kind.enrolment": ("enrolment", "参保"),
    "kind.employer": ("employer", "单位"), "kind.employment": ("employment", "就业"),
    "kind.survey": ("survey", "入户调查"), "kind.events": ("event", "变更事件"),
    "rule.multi_scheme": ("two schemes of one group", "同类险种重复参保"),
    "rule.multi_agency": ("one scheme at two agencies", "跨地区重复参保"),
    "rule.duplicate_enrolment": ("the same enrolment twice", "重复登记"),
    # fields
    "f.id_number": ("ID number", "身份证号"), "f.name": ("Name", "姓名"), "f.sex": ("Sex", "性别"),
    "f.birth_date": ("Birth date", "出生日期"), "f.hukou_region": ("Hukou", "户籍地"),
    "f.hukou_type": ("Hukou type", "户籍类型"),
    "f.residence_region": ("Residence (county code)", "常住地（区县代码）"),
    "f.status": ("Status", "状态"), "f.status_date": ("Status date", "状态日期"),
    "f.record_id": ("Record id", "记录编号"), "f.scheme": ("Scheme", "险种"),
    "f.agency_region": ("Agency", "经办机构"), "f.employer_id": ("Employer code", "单位代码"),
    "f.start_date": ("Start", "开始日期"), "f.end_date": ("End", "结束日期"),
    "f.last_paid": ("Last paid", "最后缴费"), "f.contribution_base": ("Contribution base",
                                                                      "缴费基数"),
    "f.region": ("Region", "地区"), "f.industry": ("Industry", "行业"), "f.size": ("Size", "规模"),
    "f.employees": ("Employees", "职工人数"), "f.employment_type": ("Employment", "就业类型"),
    "f.survey_id": ("Survey id", "调查编号"), "f.visit_date": ("Visit date", "走访日期"),
    "f.reason_uninsured": ("Reason not insured", "未参保原因"),
    "f.enumerator": ("Enumerator", "调查员"), "f.event_id": ("Event id", "事件编号"),
    "f.event_type": ("Event", "事件类型"), "f.event_date": ("Event date", "事件日期"),
    "f.detail": ("Detail", "说明"), "f.reason": ("Reason", "理由"), "f.action": ("Action", "处理方"
                                                                                       "式"),
    "f.end_ref": ("Enrolment to end", "要终止的参保记录"),
    # validation problems (codes from unireg.service.validation)
    "v.required": ("needed", "必填"), "v.code": ("not an allowed value", "不是允许的取值"),
    "v.date": ("not a real date", "日期无效"), "v.month": ("not a real month", "月份无效"),
    "v.date.future": ("in the future", "晚于今天"),
    "v.date.order": ("the end is before the start", "结束日期早于开始日期"),
    "v.date.before_birth": ("before the birth date", "早于出生日期"),
    "v.region": ("not a region code", "不是有效的区划代码"),
    "v.region.current": ("not a county in force", "不是现行区县代码"),
    "v.region.scope": ("outside your region", "不在您的负责区域"),
    "v.number": ("not a number of 0 or more", "不是非负数"),
    "v.identity.missing": ("give an ID number, or name, birth date and sex",
                           "请填写身份证号，或姓名、出生日期和性别"),
    "v.id.birth_date_mismatch": ("differs from the birth date in the ID number",
                                 "与身份证号中的出生日期不一致"),
    "v.id.sex_mismatch": ("differs from the sex in the ID number", "与身份证号中的性别不一致"),
    "v.too_long": ("too long", "过长"),
    "v.id.missing": ("no ID number", "未填写身份证号"),
    "v.id.length": ("an ID number has 18 characters (or 15)", "身份证号应为 18 位（或 15 位）"),
    "v.id.chars": ("digits, with a final 0-9 or X", "应为数字，末位为 0-9 或 X"),
    "v.id.birth_date": ("the birth date in the number is not real", "号码中的出生日期无效"),
    "v.id.region": ("the region code in the number never existed", "号码中的地区码不存在"),
    "v.id.checksum": ("the check character does not match — a mistyped digit?",
                      "校验位不符，可能有数字输错"),
    "v.employer.missing": ("no employer code", "未填写单位代码"),
    "v.employer.length": ("an employer code has 18 characters", "单位代码应为 18 位"),
    "v.employer.format": ("characters GB 32100 does not allow", "含有不允许的字符"),
    "v.employer.checksum": ("the check character does not match", "校验位不符"),
    # queues
    "q.multiple": ("Multiple affiliation", "重复参保"),
    "q.multiple.help": ("Enrolled twice in one scheme group: choose the enrolment to end.",
                        "同一险种重复参保：选择要终止的参保关系。"),
    "q.multiple.effect": ("Ending an enrolment is sent to the next build as an enrolment_end "
                          "event (Exports).", "终止决定将作为 enrolment_end 事件导出，供下次构建使"
                                              "用。"),
    "q.review": ("Clerical review", "人工核对"),
    "q.review.help": ("A record whose birth date or sex disagree with its ID number: is it this "
                      "person?", "记录中的出生日期或性别与身份证号不符：是否为同一人？"),
    "q.review.effect": ("The decision is exported as a linkage decision for the next build.",
                        "核对结果将作为关联决定导出，供下次构建使用。"),
    "q.quarantine": ("Quarantined records", "问题数据"),
    "q.quarantine.help": ("Records the build could not use: correct them and resubmit.",
                          "构建时无法使用的记录：更正后重新提交。"),
    "q.quarantine.effect": ("A corrected record is exported as a file of its kind for the next "
                            "build.", "更正后的记录将按类别导出，供下次构建使用。"),
    "q.deceased": ("Deceased but active", "死亡仍参保"),
    "q.deceased.help": ("Died, but an enrolment is still contributing or receiving.",
                        "已死亡但仍在缴费或领取待遇。"),
    "q.deceased.effect": ("Ending the enrolments is exported as enrolment_end events.",
                          "终止决定将作为 enrolment_end 事件导出。"),
    "q.open_of": ("open, of {total}", "待处理，共 {total}"),
    "q.state.open": ("Open", "待处理"), "q.state.decided": ("Decided", "已处理"),
    "q.state.all": ("All", "全部"),
    "q.count": ("{n} cases", "共 {n} 件"),
    "q.case": ("Case", "编号"), "q.what": ("What", "内容"), "q.decision": ("Decision", "处理"),
    "q.died": ("died {date}", "{date} 死亡"),
    "q.person": ("Person", "人员"), "q.no_person": ("Not tied to a person.", "未关联到人员。"),
    "q.candidate": ("Candidate person", "候选人员"),
    "q.problems": ("Problems", "问题"), "q.records": ("Records", "记录"),
    "q.recommended_keep": ("recommended to keep", "建议保留"),
    "q.decide": ("Decision", "处理"),
    "q.decided": ("Decided by {who} on {when}", "{who} 于 {when} 处理"),
    "q.choose_end": ("The enrolment to end", "要终止的参保关系"),
    "q.correct": ("Corrected values", "更正后的内容"),
    "q.keep_if_empty": ("leave empty to keep", "不填则保持原值"),
    "q.reason": ("Reason", "理由"),
    "q.submit": ("Record the decision", "提交处理决定"),
    "q.history": ("Earlier decisions", "历次处理"),
    "action.end_enrolment": ("end the chosen enrolment", "终止所选参保关系"),
    "action.link": ("same person: link", "同一人：关联"),
    "action.not_same": ("not the same person", "不是同一人"),
    "action.resubmit": ("resubmit corrected", "更正后重新提交"),
    "action.reject": ("reject the record", "作废该记录"),
    "action.end_enrolments": ("end the enrolments", "终止参保关系"),
    "action.death_wrong": ("the death record is wrong: refer to the household register",
                           "死亡信息有误：转户籍部门核实"),
    # outreach
    "outreach.title": ("Uninsured residents", "未参保人员名单"),
    "outreach.help": ("Residents in the target population who are not insured, with the inferred "
                      "reason and its evidence.", "目标人群中未参保的常住人员，以及推断的原因和依据"
                                                  "。"),
    "outreach.count": ("{n} person × group", "共 {n} 条（人×险种）"),
    "outreach.export": ("Download the list", "下载名单"),
    "outreach.download": ("Download CSV", "下载 CSV"),
    "outreach.export_note": ("The download is recorded with its purpose. ID numbers stay masked.",
                             "下载将连同用途一并记录。身份证号保持脱敏。"),
    # citizen
    "check.title": ("Am I covered?", "我参保了吗？"),
    "check.lead": ("Enter your ID number, your name and your birth date exactly as on your ID "
                   "card.", "请按身份证上的信息填写身份证号、姓名和出生日期。"),
    "check.name": ("Name (as on the ID card)", "姓名（与身份证一致）"),
    "check.id_help": ("18 characters; the last may be X.", "18 位，最后一位可能是 X。"),
    "check.submit": ("Check", "查询"),
    "check.privacy": ("We only use these details to answer you. Each lookup is recorded, and the "
                      "number of lookups is limited.",
                      "您填写的信息仅用于本次查询。每次查询均有记录，查询次数有限制。"),
    "check.p.id.missing": ("Enter your ID number.", "请填写身份证号。"),
    "check.p.id.length": ("An ID number has 18 characters (15 for an old one).",
                          "身份证号应为 18 位（旧证 15 位）。"),
    "check.p.id.chars": ("An ID number is digits; the last may be X.", "身份证号为数字，最后一位可"
                                                                       "能是 X。"),
    "check.p.id.birth_date": ("The birth date inside the number is not a real date. Check the "
                              "digits.", "号码中的出生日期无效，请核对。"),
    "check.p.id.region": ("The first six digits are not a region code. Check the digits.",
                          "前六位不是有效的地区码，请核对。"),
    "check.p.id.checksum": ("The number has a typing mistake (the last character does not "
                            "match). Check it against your ID card.",
                            "号码有误（校验位不符），请对照身份证核对。"),
    "check.p.name.required": ("Enter your name.", "请填写姓名。"),
    "check.p.birth_date.invalid": ("Enter your birth date.", "请填写出生日期。"),
    "check.none.title": ("We could not show a record", "未能查到记录"),
    "check.none.body": ("No record matches all three details you gave. This can happen when a "
                        "detail differs from your registration, or when you are not registered "
                        "yet.", "没有与您填写的三项信息完全一致的记录。可能是填写的信息与登记信息不"
                                "一致，也可能尚未登记。"),
    "check.none.step1": ("Check the number, the name and the birth date against your ID card, "
                         "and try again.", "请对照身份证核对号码、姓名和出生日期后重试。"),
    "check.none.step2": ("Or visit the social insurance agency or the community (township) "
                         "service centre where you live, with your ID card and hukou booklet.",
                         "或携带身份证和户口簿到居住地社保经办机构或社区（乡镇）服务中心查询。"),
    "check.none.step3": ("Or call the social security hotline 12333.", "也可拨打社保服务热线 12333"
                                                                       "。"),
    "check.again": ("Try again", "重新查询"),
    "check.answer.title": ("Your coverage", "您的参保情况"),
    "check.as_of": ("As recorded on {date}", "登记信息截至 {date}"),
    "check.you_live": ("you live in {region}", "常住地：{region}"),
    "check.enrolled_in": ("Enrolled in {scheme} in {region}", "已在{region}参加{scheme}"),
    "check.answer.note": ("If something here is wrong, contact the agency where you are enrolled.",
                          "如信息有误，请联系参保地经办机构。"),
    "check.done": ("Done", "完成"),
    "step.covered": ("You are covered. Nothing to do.", "您已参保，无需办理。"),
    "step.double": ("You are enrolled more than once ({schemes}). You only need one: ask the "
                    "agency in {region} to end the other, so that you do not pay twice.",
                    "您重复参保（{schemes}）。只需保留一项：请到{region}经办机构办理终止另一项，以"
                    "免重复缴费。"),
    "step.suspended": ("Your contributions are suspended. Ask the agency in {region} how to "
                       "resume them.", "您的缴费已中断。请向{region}经办机构咨询如何续缴。"),
    "step.not_target": ("You are not in this scheme's target group (for example because of "
                        "your age), so there is nothing to do.",
                        "您不属于该险种的参保对象（例如年龄原因），无需办理。"),
    "step.employer_must_enrol": ("As an employee you must be enrolled in {group} by your "
                                 "employer. Ask your employer; if they refuse, report it to "
                                 "the labour inspectorate.",
                                 "作为职工，单位应为您办理{group}。请向单位了解；如单位拒绝，可向劳"
                                 "动保障监察机构投诉。"),
    "step.enrol_resident": ("You can enrol yourself in {scheme} at the social insurance agency "
                            "or the community (township) service centre in {region}. Bring your "
                            "ID card and hukou booklet.",
                            "您可到{region}的社保经办机构或社区（乡镇）服务中心自行参加{scheme}，请"
                            "携带身份证和户口簿。"),
    "step.employees_only": ("{group} covers employees: your employer enrols you when you "
                            "take a job. Nothing to do until then.",
                            "{group}只面向职工：就业后由用人单位为您办理，目前无需办理。"),
    "step.hotline": ("Questions: social security hotline 12333.", "咨询电话：12333。"),
    # survey
    "survey.title": ("New household survey return", "入户登记"),
    "survey.saved": ("Saved as {id}.", "已保存，编号 {id}。"),
    "survey.fix": ("Some values need attention.", "部分内容需要修改。"),
    "survey.id_help": ("Leave empty if the person has no number to hand; then name, birth date "
                       "and sex are needed.", "如无法提供身份证号可不填，但须填写姓名、出生日期和性"
                                              "别。"),
    "survey.insured_or_unknown": ("— insured, or not known —", "— 已参保或不详 —"),
    "survey.submit": ("Save the return", "保存"),
    "survey.mine": ("My returns", "我的登记"),
    "survey.exported": ("Exported", "已导出"),
    # exports
    "exports.title": ("Exports for the next build", "导出（供下次构建）"),
    "exports.help": ("Download a file and put it in the delivery folder; the next `unireg build` "
                     "picks up files it has not seen.",
                     "下载文件并放入报送目录，下次运行 unireg build 时会自动读取新文件。"),
    "exports.kind": ("Content", "内容"), "exports.pending": ("Rows", "条数"),
    "exports.download": ("Download", "下载"),
    "exports.nothing": ("Nothing to export.", "没有需要导出的数据。"),
    "export.survey": ("Household survey returns (survey)", "入户调查（survey）"),
    "export.events": ("Events from the API and decisions (events)", "接口事件与处理决定（events）"),
    "export.linkage": ("Clerical linkage decisions", "人工核对结果"),
    "export.population": ("Corrected population records", "更正后的人口记录"),
    "export.enrolment": ("Corrected enrolment records", "更正后的参保记录"),
    "export.employer": ("Corrected employer records", "更正后的单位记录"),
    "export.employment": ("Corrected employment records", "更正后的就业记录"),
    # audit
    "audit.title": ("Audit trail", "审计日志"),
    "audit.actor": ("Who", "操作人"), "audit.role": ("Role", "角色"), "audit.scope": ("Scope",
                                                                                  "管辖范围"),
    "audit.action": ("Action", "操作"), "audit.outcome": ("Outcome", "结果"),
    "audit.when": ("When (UTC)", "时间（UTC）"), "audit.persons": ("Persons (pseudonyms)",
                                                                  "人员（假名）"),
    "audit.detail": ("Detail", "详情"), "audit.client": ("Client", "来源地址"),
    "audit.who_read": ("Who read this ID number?", "谁查看过该身份证号？"),
    "audit.reads_of": ("{n} rows about {id}", "关于 {id} 的记录 {n} 条"),
    "audit.invalid_number": ("That is not a valid ID number.", "身份证号无效。"),
    "audit.verify": ("Verify the chain", "校验日志链"),
    "audit.verify_help": ("Recomputes every row's hash: an edited, deleted or re-ordered row is "
                          "found and named.", "重新计算每一行的哈希值，可发现被修改、删除或调换顺序"
                                              "的记录。"),
    "audit.ok": ("All {n} rows verified. Last hash {head}…", "全部 {n} 行校验通过。末行哈希 {head}…"
                                                             ""),
    "audit.broken": ("The chain breaks at row {seq}", "日志链在第 {seq} 行断开"),
    # users and tokens
    "users.title": ("Users", "用户管理"), "users.name": ("Full name", "姓名"),
    "users.state": ("State", "状态"), "users.active": ("active", "正常"),
    "users.disabled": ("disabled", "已停用"), "users.locked": ("locked", "已锁定"),
    "users.disable": ("Disable", "停用"), "users.enable": ("Enable", "启用"),
    "users.add": ("Add a user", "新增用户"),
    "users.initial_password": ("Initial password (12+ characters; the user changes it)",
                               "初始密码（至少 12 位，用户登录后修改）"),
    "tokens.title": ("API tokens", "接口令牌"), "tokens.name": ("System", "系统名称"),
    "tokens.scopes": ("Scopes", "权限"), "tokens.by": ("Issued", "签发"),
    "tokens.revoked": ("revoked", "已吊销"), "tokens.revoke": ("Revoke", "吊销"),
    "tokens.issue": ("Issue a token", "签发令牌"),
    "tokens.once": ("The token for {name} — copy it now, it is shown only once:",
                    "{name} 的令牌如下，请立即复制，仅显示一次："),
}

MESSAGES: dict[str, dict[str, str]] = {
    "en": {k: v[0] for k, v in M.items()}, "zh": {k: v[1] for k, v in M.items()}}


def translate(key: str, lang: str, **params: Any) -> str:
    """The message in ``lang`` (English if unknown), formatted; the key itself if missing."""
    text = MESSAGES.get(lang, MESSAGES["en"]).get(key)
    if text is None:
        return key
    try:
        return text.format(**params) if params else text
    except (KeyError, IndexError, ValueError):
        return text
