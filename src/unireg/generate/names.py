"""Chinese names: surnames by frequency, given-name characters, and the typos clerks make.

The surname list is the commonest hundred or so with rounded national
frequencies (per 10,000), plus a Guangdong weighting (陈, 黄, 梁, 林 are far
commoner there). Given names are one or two characters from lists leaning
male or female. Every given-name character has a look-alike or sound-alike in
:data:`CONFUSIONS`, so a name typo is always possible; every character is in GBK.

>>> typo("张伟", 0)
'章伟'
>>> typo("张伟", 1)
'张玮'
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# (surname, national weight, Guangdong weight), per 10,000.
SURNAMES: tuple[tuple[str, float, float], ...] = (
    ("王", 710, 230), ("李", 700, 750), ("张", 660, 450), ("刘", 540, 400), ("陈", 450, 1000),
    ("杨", 310, 250), ("黄", 220, 700), ("赵", 200, 60), ("吴", 170, 320), ("周", 160, 200),
    ("徐", 130, 80), ("孙", 120, 40), ("马", 120, 50), ("朱", 110, 140), ("胡", 100, 100),
    ("郭", 100, 110), ("何", 90, 300), ("高", 90, 60), ("林", 90, 400), ("罗", 80, 300),
    ("郑", 80, 240), ("梁", 70, 450), ("谢", 60, 200), ("宋", 60, 30), ("唐", 60, 60),
    ("许", 50, 130), ("韩", 50, 20), ("冯", 50, 150), ("邓", 50, 160), ("曹", 50, 30),
    ("彭", 50, 110), ("曾", 50, 160), ("肖", 40, 80), ("田", 40, 20), ("董", 40, 20),
    ("袁", 40, 40), ("潘", 40, 110), ("于", 40, 10), ("蒋", 40, 30), ("蔡", 40, 130),
    ("余", 40, 100), ("杜", 30, 20), ("叶", 30, 170), ("程", 30, 20), ("苏", 30, 120),
    ("魏", 30, 30), ("吕", 30, 20), ("丁", 30, 20), ("任", 30, 10), ("沈", 30, 30),
    ("姚", 30, 40), ("卢", 30, 120), ("姜", 30, 10), ("崔", 20, 10), ("钟", 20, 180),
    ("谭", 20, 90), ("陆", 20, 40), ("汪", 20, 10), ("范", 20, 20), ("金", 20, 10),
    ("石", 20, 20), ("廖", 20, 110), ("贾", 20, 5), ("夏", 20, 10), ("韦", 20, 30),
    ("付", 20, 10), ("方", 20, 40), ("白", 20, 5), ("邹", 20, 40), ("孟", 20, 5),
    ("熊", 20, 20), ("秦", 20, 10), ("邱", 20, 80), ("江", 20, 60), ("尹", 20, 10),
    ("薛", 10, 5), ("段", 10, 5), ("雷", 10, 20), ("侯", 10, 10), ("龙", 10, 20),
    ("史", 10, 5), ("陶", 10, 10), ("黎", 10, 60), ("贺", 10, 5), ("顾", 10, 5),
    ("毛", 10, 5), ("郝", 10, 2), ("龚", 10, 10), ("邵", 10, 10), ("万", 10, 5),
    ("严", 10, 10), ("覃", 10, 10), ("武", 10, 2), ("戴", 10, 10), ("莫", 10, 50),
    ("孔", 10, 5), ("赖", 10, 170), ("欧阳", 3, 30), ("司马", 0.5, 0.2), ("上官", 0.3, 0.2),
)

# Given-name characters.
MALE_CHARS = ("伟强磊军洋勇杰涛明超刚辉建国志峰斌鹏东海波宇浩俊凯晨博轩"
              "泽天德荣成立永福祥瑞良兴宏振文华金清昌子梓思宁安晓林")
FEMALE_CHARS = ("芳娜敏静丽艳娟秀霞平桂英华玉兰红婷琳晶颖倩慧琴云春"
                "晓雨思子涵怡欣佳雪梅淑佩宁文雯燕凤洁")

# Look-alike or sound-alike characters a clerk types instead (one way).
CONFUSIONS: dict[str, str] = {
    # surnames
    "王": "汪", "李": "理", "张": "章", "刘": "柳", "陈": "程", "杨": "阳", "黄": "王",
    "赵": "照", "吴": "伍", "周": "邹", "徐": "许", "孙": "荪", "马": "玛", "朱": "珠",
    "胡": "湖", "郭": "国", "何": "河", "高": "郜", "林": "淋", "罗": "萝", "郑": "正",
    "梁": "粱", "谢": "榭", "宋": "送", "唐": "糖", "许": "徐", "韩": "寒", "冯": "凤",
    "邓": "登", "曹": "漕", "彭": "鹏", "曾": "增", "肖": "萧", "田": "由", "董": "懂",
    "袁": "元", "潘": "番", "于": "干", "蒋": "将", "蔡": "菜", "余": "佘", "杜": "肚",
    "叶": "页", "程": "陈", "苏": "酥", "魏": "巍", "吕": "侣", "丁": "盯", "任": "仁",
    "沈": "审", "姚": "摇", "卢": "芦", "姜": "江", "崔": "催", "钟": "锺", "谭": "潭",
    "陆": "路", "汪": "王", "范": "饭", "金": "今", "石": "右", "廖": "寥", "贾": "价",
    "夏": "厦", "韦": "伟", "付": "附", "方": "芳", "白": "百", "邹": "周", "孟": "梦",
    "熊": "雄", "秦": "琴", "邱": "丘", "江": "姜", "尹": "伊", "薛": "雪", "段": "锻",
    "雷": "蕾", "侯": "候", "龙": "隆", "史": "吏", "陶": "淘", "黎": "藜", "贺": "荷",
    "顾": "故", "毛": "茅", "郝": "好", "龚": "恭", "邵": "召", "万": "方", "严": "言",
    "覃": "谭", "武": "午", "戴": "代", "莫": "漠", "孔": "扎", "赖": "濑", "欧": "鸥",
    "司": "思", "上": "尚", "阳": "杨", "官": "宫",
    # given names
    "伟": "玮", "强": "墙", "磊": "垒", "军": "君", "洋": "阳", "勇": "永", "杰": "洁",
    "涛": "滔", "明": "铭", "超": "朝", "刚": "钢", "辉": "晖", "建": "健", "国": "帼",
    "志": "智", "峰": "锋", "斌": "彬", "鹏": "朋", "东": "冬", "海": "晦", "波": "坡",
    "宇": "羽", "浩": "皓", "俊": "骏", "凯": "铠", "晨": "辰", "博": "搏", "轩": "宣",
    "泽": "择", "天": "夫", "德": "得", "荣": "蓉", "成": "诚", "立": "力", "永": "勇",
    "福": "富", "祥": "翔", "瑞": "锐", "良": "粮", "兴": "星", "宏": "红", "振": "震",
    "文": "雯", "华": "桦", "清": "青", "昌": "倡", "子": "紫", "梓": "子", "思": "丝",
    "宁": "凝", "安": "按", "晓": "小", "芳": "方", "娜": "那", "敏": "民", "静": "靖",
    "丽": "莉", "艳": "燕", "娟": "鹃", "秀": "绣", "霞": "侠", "平": "萍", "桂": "贵",
    "英": "瑛", "玉": "钰", "兰": "蓝", "红": "虹", "婷": "亭", "琳": "林", "晶": "精",
    "颖": "影", "倩": "茜", "慧": "惠", "琴": "芹", "云": "芸", "春": "椿", "雨": "语",
    "涵": "含", "怡": "宜", "欣": "新", "佳": "家", "雪": "薛", "梅": "玫", "淑": "叔",
    "佩": "珮", "雯": "文", "燕": "艳", "凤": "风", "洁": "杰",
}


def surname_weights(guangdong: bool) -> np.ndarray:
    w = np.array([s[2] if guangdong else s[1] for s in SURNAMES], dtype=float)
    return w / w.sum()


def make_names(rng: np.random.Generator, sex: np.ndarray, local: np.ndarray) -> pa.Array:
    """Full names: surname (Guangdong weights where ``local``) + one or two given characters."""
    n = sex.size
    s_nat = rng.choice(len(SURNAMES), n, p=surname_weights(False))
    s_gd = rng.choice(len(SURNAMES), n, p=surname_weights(True))
    surname = np.where(local, s_gd, s_nat)
    male = sex == 1
    g1 = np.where(male, rng.integers(0, len(MALE_CHARS), n), rng.integers(0, len(FEMALE_CHARS), n))
    g2 = np.where(male, rng.integers(0, len(MALE_CHARS), n), rng.integers(0, len(FEMALE_CHARS), n))
    two = rng.random(n) < 0.72
    chars_m = pa.array(list(MALE_CHARS))
    chars_f = pa.array(list(FEMALE_CHARS))
    first = pc.if_else(pa.array(male), chars_m.take(pa.array(np.where(male, g1, 0))),
                       chars_f.take(pa.array(np.where(male, 0, g1))))
    second = pc.if_else(pa.array(male), chars_m.take(pa.array(np.where(male, g2, 0))),
                        chars_f.take(pa.array(np.where(male, 0, g2))))
    second = pc.if_else(pa.array(two), second, pa.scalar(""))
    sur = pa.array([s[0] for s in SURNAMES]).take(pa.array(surname))
    return pc.binary_join_element_wise(sur, first, second, "")


def typo(name: str, pick: int) -> str:
    """The name with one character replaced by a look-alike or sound-alike.

    ``pick`` chooses among the characters that have one (taken modulo their number).
    Returns the name unchanged only if no character has a confusion.
    """
    spots = [i for i, ch in enumerate(name) if ch in CONFUSIONS]
    if not spots:
        return name
    i = spots[pick % len(spots)]
    return name[:i] + CONFUSIONS[name[i]] + name[i + 1:]
