/* demo_data.c: the demo district of `zuofeng demo` (issue 2): the district leadership, nine
 * townships and the district departments in five systems, about 2,000 cadres with their
 * leadership teams and oversight, all in Chinese and all written through org.h, so that
 * every record is validated and audited like any other.
 *
 * Where the work-style office sits: 区作风办 (ZFB) is a department of the 党群 system housed
 * in the discipline commission (parent D01 区纪委监委), as in many districts; the district
 * 纪委书记 oversees both, and oversees the areas 纪检监察 and 作风建设 across all units. */
#include "org/demo.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* ---- a small deterministic generator: splitmix64 (rand() differs between C libraries) ---- */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in lo..hi, both included (the modulo bias is far below what a demo can show). */
static int rng_int(struct rng *r, int lo, int hi)
{
	assert(lo <= hi);
	return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static bool rng_pct(struct rng *r, int percent)
{
	return rng_int(r, 0, 99) < percent;
}

/* Fills idx with 0..n-1 in a random order (Fisher-Yates). */
static void rng_shuffle(struct rng *r, int *idx, int n)
{
	for (int i = 0; i < n; i++)
		idx[i] = i;
	for (int i = n - 1; i > 0; i--) {
		int j = rng_int(r, 0, i), t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
}

/* ---- dates as days since 1970-01-01 ---- */

/* Days since the epoch of a civil date (H. Hinnant's days_from_civil). */
static long days_of(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void date_text(long days, char out[16])
{
	time_format_date((int64_t)days * 86400, out, 16);
}

/* The day the demo stands on: fixed, so that a seed always gives the same dates. */
#define DEMO_TODAY days_of(2025, 12, 31)

/* ---- names: surnames weighted by their share in China (per ten thousand, rounded) ---- */

static const struct {
	const char *s;
	int w;
} surnames[] = {
    {"王", 730}, {"李", 720}, {"张", 680},  {"刘", 560}, {"陈", 460}, {"杨", 320}, {"黄", 240},
    {"赵", 220}, {"吴", 200}, {"周", 190},  {"徐", 130}, {"孙", 120}, {"马", 110}, {"朱", 110},
    {"胡", 120}, {"郭", 100}, {"何", 90},   {"高", 90},	 {"林", 90},  {"罗", 110}, {"郑", 80},
    {"梁", 80},	 {"谢", 60},  {"宋", 60},   {"唐", 60},	 {"许", 50},  {"韩", 50},  {"冯", 50},
    {"邓", 50},	 {"曹", 50},  {"彭", 60},   {"曾", 50},	 {"肖", 50},  {"田", 40},  {"董", 40},
    {"袁", 40},	 {"潘", 40},  {"于", 40},   {"蒋", 40},	 {"蔡", 40},  {"余", 40},  {"杜", 40},
    {"叶", 40},	 {"程", 40},  {"苏", 30},   {"魏", 30},	 {"吕", 30},  {"丁", 30},  {"任", 30},
    {"沈", 30},	 {"姚", 30},  {"卢", 30},   {"姜", 30},	 {"崔", 30},  {"钟", 30},  {"谭", 30},
    {"陆", 30},	 {"汪", 30},  {"范", 30},   {"金", 30},	 {"石", 30},  {"廖", 30},  {"贾", 20},
    {"夏", 20},	 {"韦", 20},  {"付", 20},   {"方", 20},	 {"白", 20},  {"邹", 30},  {"孟", 20},
    {"熊", 30},	 {"秦", 20},  {"邱", 20},   {"江", 20},	 {"尹", 20},  {"薛", 20},  {"闫", 20},
    {"段", 20},	 {"雷", 20},  {"侯", 20},   {"龙", 20},	 {"史", 20},  {"陶", 20},  {"黎", 20},
    {"贺", 20},	 {"顾", 10},  {"毛", 10},   {"郝", 10},	 {"龚", 10},  {"邵", 10},  {"万", 10},
    {"钱", 10},	 {"严", 10},  {"敖", 10},   {"武", 10},	 {"戴", 10},  {"简", 10},  {"孔", 10},
    {"晏", 10},	 {"汤", 10},  {"欧阳", 10},
};

/* Characters of given names, each three bytes of UTF-8. */
static const char male_chars[] = "伟强军勇杰涛斌超明刚平辉鹏飞鑫波宇浩凯健俊帆旭宁龙林阳"
				 "建国志东海峰磊亮成庆荣彬锋晨坤毅剑武春兵光胜生贵福江山根清"
				 "斯远航泽浩然";
static const char female_chars[] = "芳娜敏静丽艳娟霞秀玲燕婷雪琳慧莉萍红梅兰倩颖洁佳欣怡璐晶"
				   "月蕾瑶薇琴云凤英华芬丹莹";
static const char either_chars[] = "晓小文永志建春思嘉子海金新国家立雨一明振卫德少";

_Static_assert((sizeof male_chars - 1) % 3 == 0, "three bytes per character");
_Static_assert((sizeof female_chars - 1) % 3 == 0, "three bytes per character");
_Static_assert((sizeof either_chars - 1) % 3 == 0, "three bytes per character");

/* A random character of chars (nbytes long) into out (4 bytes). */
static void pick_char(struct rng *r, const char *chars, size_t nbytes, char out[4])
{
	int i = rng_int(r, 0, (int)(nbytes / 3) - 1);
	memcpy(out, chars + 3 * i, 3);
	out[3] = '\0';
}

static const char *pick_surname(struct rng *r)
{
	int total = 0;
	for (size_t i = 0; i < ARRAY_LEN(surnames); i++)
		total += surnames[i].w;
	int x = rng_int(r, 0, total - 1);
	for (size_t i = 0; i < ARRAY_LEN(surnames); i++) {
		if (x < surnames[i].w)
			return surnames[i].s;
		x -= surnames[i].w;
	}
	return surnames[0].s;
}

/* A name: a surname and one or two characters (two in four names of five). */
static void make_name(struct rng *r, bool male, char *out, size_t n)
{
	const char *own = male ? male_chars : female_chars;
	size_t own_n = male ? sizeof male_chars - 1 : sizeof female_chars - 1;
	const char *sur = pick_surname(r);
	char a[4], b[4];
	pick_char(r, own, own_n, b);
	if (rng_pct(r, 20)) {
		snprintf(out, n, "%s%s", sur, b);
		return;
	}
	if (rng_pct(r, 50))
		pick_char(r, either_chars, sizeof either_chars - 1, a);
	else
		pick_char(r, own, own_n, a);
	while (!strcmp(a, b))
		pick_char(r, own, own_n, b);
	snprintf(out, n, "%s%s%s", sur, a, b);
}

/* ---- the district ---- */

static const struct {
	const char *code, *name, *kind;
} categories[] = {
    {"district", "区委区政府", "other"}, {"township", "乡镇", "township"},
    {"dangqun", "党群系统", "dept"},	 {"zhengfa", "政法系统", "dept"},
    {"jingji", "经济系统", "dept"},	 {"shehui", "社会事业系统", "dept"},
    {"chengjian", "城建系统", "dept"},
};

#define ROOT_UNIT  "QU"
#define ROOT_NAME  "区委区政府"
#define ORGAN_UNIT "D03" /* 区委组织部: holds the management authority over section cadres */

/* The district leaders (unit QU), in the order of their person codes QU-001... */
enum {
	L_SECRETARY,
	L_MAYOR,
	L_DEPUTY,
	L_EXEC,
	L_DISCIPLINE,
	L_ORGAN,
	L_PROPAGANDA,
	L_LEGAL,
	L_FRONT,
	L_OFFICE,
	L_AGRI,
	L_URBAN,
	L_SOCIAL,
	L_INDUSTRY,
	L_ECOLOGY,
	L_COUNT
};

static const struct {
	const char *rank, *role, *title, *areas;
	const char *oversees; /* areas this leader oversees across all units, or NULL */
} leaders[L_COUNT] = {
    [L_SECRETARY] = {"正处", "main", "区委书记", "全面工作", NULL},
    [L_MAYOR] = {"正处", "deputy", "区委副书记、区长", "政府全面工作", "营商环境、政务服务"},
    [L_DEPUTY] = {"副处", "deputy", "区委副书记", "党建、乡村振兴", "乡村振兴"},
    [L_EXEC] = {"副处", "deputy", "区委常委、常务副区长", "财政经济、安全生产", "安全生产"},
    [L_DISCIPLINE] = {"副处", "member", "区委常委、区纪委书记、区监委主任", "纪检监察、作风建设",
		      "纪检监察、作风建设"},
    [L_ORGAN] = {"副处", "member", "区委常委、组织部部长", "组织人事、党建", "党建"},
    [L_PROPAGANDA] = {"副处", "member", "区委常委、宣传部部长", "宣传思想、意识形态", "意识形态"},
    [L_LEGAL] = {"副处", "member", "区委常委、政法委书记", "政法、信访维稳", "信访维稳"},
    [L_FRONT] = {"副处", "member", "区委常委、统战部部长", "统一战线", NULL},
    [L_OFFICE] = {"副处", "member", "区委常委、区委办公室主任", "机关事务、督查督办", NULL},
    [L_AGRI] = {"副处", "deputy", "副区长", "农业农村、水利", NULL},
    [L_URBAN] = {"副处", "deputy", "副区长", "城建规划、交通运输", NULL},
    [L_SOCIAL] = {"副处", "deputy", "副区长", "社会事业、教育、卫生健康", NULL},
    [L_INDUSTRY] = {"副处", "deputy", "副区长", "招商引资、工业发展", "招商引资"},
    [L_ECOLOGY] = {"副处", "deputy", "副区长", "环境保护、自然资源", "环境保护"},
};

/* The townships, each overseen by one district leader (挂点联系). */
static const struct township {
	const char *code, *name;
	bool xiang; /* a 乡 (its head is 乡长), else a 镇 */
	int overseer;
} townships[] = {
    {"T01", "罗坊镇", false, L_DEPUTY},	   {"T02", "水北镇", false, L_EXEC},
    {"T03", "姚圩镇", false, L_ORGAN},	   {"T04", "下村镇", false, L_PROPAGANDA},
    {"T05", "欧里镇", false, L_LEGAL},	   {"T06", "良山镇", false, L_FRONT},
    {"T07", "南安乡", true, L_AGRI},	   {"T08", "人和乡", true, L_URBAN},
    {"T09", "九龙山乡", true, L_INDUSTRY},
};

/* The district departments by system. head and deputy are the team titles of the main
 * leader and of the deputies; line, when set, is the post of about half the staff. */
static const struct dept {
	const char *code, *name, *category, *parent, *head, *deputy, *line;
	int overseer;
} depts[] = {
    {"D01", "区纪委监委", "dangqun", NULL, "纪委常务副书记", "纪委副书记", "纪检监察员",
     L_DISCIPLINE},
    {"ZFB", "区作风办", "dangqun", "D01", "主任", "副主任", "督查专员", L_DISCIPLINE},
    {"D02", "区委办公室", "dangqun", NULL, "常务副主任", "副主任", NULL, L_OFFICE},
    {"D03", "区委组织部", "dangqun", NULL, "常务副部长", "副部长", "组织员", L_ORGAN},
    {"D04", "区委宣传部", "dangqun", NULL, "常务副部长", "副部长", NULL, L_PROPAGANDA},
    {"D05", "区委统战部", "dangqun", NULL, "常务副部长", "副部长", NULL, L_FRONT},
    {"D06", "区委政法委", "dangqun", NULL, "常务副书记", "副书记", NULL, L_LEGAL},
    {"D07", "区直机关工委", "dangqun", NULL, "书记", "副书记", NULL, L_ORGAN},
    {"D08", "区委党校", "dangqun", NULL, "常务副校长", "副校长", "教员", L_ORGAN},
    {"D09", "区总工会", "dangqun", NULL, "常务副主席", "副主席", NULL, L_DEPUTY},
    {"D10", "团区委", "dangqun", NULL, "书记", "副书记", NULL, L_DEPUTY},
    {"D11", "区妇联", "dangqun", NULL, "主席", "副主席", NULL, L_DEPUTY},
    {"D12", "区公安分局", "zhengfa", NULL, "局长", "副局长", "民警", L_LEGAL},
    {"D13", "区司法局", "zhengfa", NULL, "局长", "副局长", "司法助理员", L_LEGAL},
    {"D14", "区人民法院", "zhengfa", NULL, "院长", "副院长", "法官助理", L_LEGAL},
    {"D15", "区人民检察院", "zhengfa", NULL, "检察长", "副检察长", "检察官助理", L_LEGAL},
    {"D16", "区信访局", "zhengfa", NULL, "局长", "副局长", "接访员", L_LEGAL},
    {"D17", "区发展和改革委员会", "jingji", NULL, "主任", "副主任", NULL, L_EXEC},
    {"D18", "区财政局", "jingji", NULL, "局长", "副局长", NULL, L_EXEC},
    {"D19", "区商务局", "jingji", NULL, "局长", "副局长", NULL, L_INDUSTRY},
    {"D20", "区工业和信息化局", "jingji", NULL, "局长", "副局长", NULL, L_INDUSTRY},
    {"D21", "区农业农村局", "jingji", NULL, "局长", "副局长", "农技员", L_AGRI},
    {"D22", "区市场监督管理局", "jingji", NULL, "局长", "副局长", "执法人员", L_EXEC},
    {"D23", "区统计局", "jingji", NULL, "局长", "副局长", NULL, L_EXEC},
    {"D24", "区税务局", "jingji", NULL, "局长", "副局长", "税收管理员", L_EXEC},
    {"D25", "区审计局", "jingji", NULL, "局长", "副局长", "审计员", L_EXEC},
    {"D26", "区教育体育局", "shehui", NULL, "局长", "副局长", NULL, L_SOCIAL},
    {"D27", "区卫生健康委员会", "shehui", NULL, "主任", "副主任", NULL, L_SOCIAL},
    {"D28", "区人力资源和社会保障局", "shehui", NULL, "局长", "副局长", NULL, L_SOCIAL},
    {"D29", "区民政局", "shehui", NULL, "局长", "副局长", NULL, L_SOCIAL},
    {"D30", "区文化广电新闻出版旅游局", "shehui", NULL, "局长", "副局长", NULL, L_SOCIAL},
    {"D31", "区医疗保障局", "shehui", NULL, "局长", "副局长", NULL, L_SOCIAL},
    {"D32", "区退役军人事务局", "shehui", NULL, "局长", "副局长", NULL, L_SOCIAL},
    {"D33", "区应急管理局", "shehui", NULL, "局长", "副局长", "执法人员", L_EXEC},
    {"D34", "区住房和城乡建设局", "chengjian", NULL, "局长", "副局长", NULL, L_URBAN},
    {"D35", "区自然资源局", "chengjian", NULL, "局长", "副局长", "国土所工作人员", L_ECOLOGY},
    {"D36", "区交通运输局", "chengjian", NULL, "局长", "副局长", NULL, L_URBAN},
    {"D37", "区生态环境局", "chengjian", NULL, "局长", "副局长", "环境监察员", L_ECOLOGY},
    {"D38", "区水利局", "chengjian", NULL, "局长", "副局长", NULL, L_AGRI},
    {"D39", "区城市管理局", "chengjian", NULL, "局长", "副局长", "城管执法队员", L_URBAN},
    {"D40", "区行政审批局", "chengjian", NULL, "局长", "副局长", "窗口工作人员", L_URBAN},
};

/* The areas department deputies oversee: one of their system's, one every unit has. */
static const struct {
	const char *category;
	const char *areas[5];
} system_areas[] = {
    {"dangqun", {"干部教育", "宣传思想", "机关事务", "意识形态", "督查督办"}},
    {"zhengfa", {"执法监督", "综合治理", "队伍建设", "法治建设", "法律服务"}},
    {"jingji", {"财政经济", "招商引资", "营商环境", "项目建设", "市场监管"}},
    {"shehui", {"社会事业", "民生保障", "政务服务", "应急管理", "乡村振兴"}},
    {"chengjian", {"城建规划", "环境保护", "项目建设", "政务服务", "交通运输"}},
};
static const char *const common_areas[] = {"党建", "安全生产", "信访维稳", "纪检监察"};

/* A township team member: title NULL means 党委委员、副镇长 (or 副乡长). */
struct post {
	const char *title, *areas, *role;
};
static const struct post township_fixed[] = {
    {"党委副书记", "党建、乡村振兴", "deputy"},
    {"党委委员、纪委书记", "纪检监察、作风建设", "member"},
    {"人大主席", "人大工作、信访维稳", "deputy"},
    {NULL, "安全生产、城建规划", "deputy"},
};
static const struct post township_pool[] = {
    {NULL, "农业农村、环境保护", "deputy"},
    {NULL, "招商引资、营商环境", "deputy"},
    {"党委委员、组织委员", "党建、组织人事", "member"},
    {"党委委员、宣传委员", "宣传思想、意识形态", "member"},
    {"党委委员、武装部长", "武装、应急管理", "member"},
    {"党委委员、政法委员", "信访维稳、综合治理", "member"},
    {"党委委员、统战委员", "统一战线、社会事业", "member"},
};

/* Staff posts: the heads of offices first (one each), then the rest at random. */
static const char *const township_heads[] = {
    "党政综合办主任",	  "财政所所长",	    "便民服务中心主任", "社会事务办主任", "综治中心主任",
    "农业农村办主任",	  "经济发展办主任", "规划建设办主任",	"司法所所长",	  "文化站站长",
    "退役军人服务站站长", "应急管理办主任", "党建办主任",	"自然资源所所长",
};
static const char *const township_staff[] = {
    "党政综合办干事", "财政所会计",	  "便民服务中心工作人员",
    "社会事务办干事", "综治中心干事",	  "农业农村办干事",
    "经济发展办干事", "规划建设办干事",	  "党建办干事",
    "组织干事",	      "宣传干事",	  "纪检干事",
    "武装干事",	      "人大办干事",	  "统计员",
    "应急管理办干事", "乡村振兴工作队员", "退役军人服务站干事",
};
static const char *const dept_heads[] = {
    "办公室主任", "综合股股长", "业务股股长", "政策法规股股长",
    "财务股股长", "人事股股长", "督查股股长", "机关党支部书记",
};
static const char *const dept_staff[] = {
    "办公室副主任", "综合股副股长", "业务股副股长", "科员",	    "科员",   "科员",
    "一级科员",	    "二级科员",	    "四级主任科员", "三级主任科员", "办事员",
};
/* Village names are two of these and 村. */
static const char village_chars[] = "塘下上田江口山岭坑桥湖洲源溪陂新东西南北高石枫竹杨李周"
				    "黄坊圩里前后沙泉港";

/* ---- writing ---- */

struct gen {
	struct store *s;
	const struct actor *who;
	struct zf_err *err;
	struct rng r;
	struct org_demo_stats st;
};

/* Who manages a cadre: 正处/副处 the city's committee (outside the district, so none is
 * recorded), section leaders the district's organisation department, the others their unit. */
enum managed { BY_CITY, BY_ORGAN_DEPT, BY_OWN_UNIT };

/* How cadres of a rank are drawn: share of men, birth years (weights for 1965-1969, the
 * 1970s, the 1980s and 1990-2000, or a plain range), and the earliest day of the post. */
static const struct rank_profile {
	const char *rank;
	int male_pct;
	int w[4];	 /* birth decade weights, or all 0 to use from..to */
	int from, to;	 /* birth years when w is all 0 */
	int posted_from; /* earliest year of the current post */
	int managed;	 /* enum managed: who holds the management authority (干部管理权限) */
} profiles[] = {
    {"正处", 85, {0}, 1965, 1976, 2016, BY_CITY},
    {"副处", 82, {0}, 1966, 1980, 2016, BY_CITY},
    {"正科", 80, {0}, 1968, 1987, 2016, BY_ORGAN_DEPT},
    {"副科", 72, {0}, 1970, 1992, 2016, BY_ORGAN_DEPT},
    {"一般干部", 58, {9, 27, 31, 33}, 0, 0, 2003, BY_OWN_UNIT},
    {"村干部", 75, {20, 40, 28, 12}, 0, 0, 2021, BY_OWN_UNIT},
};

static const struct rank_profile *profile_of(const char *rank)
{
	for (size_t i = 0; i < ARRAY_LEN(profiles); i++)
		if (!strcmp(profiles[i].rank, rank))
			return &profiles[i];
	assert(!"unknown rank");
	return &profiles[0];
}

/* The unit code of the body that manages a cadre of profile p in unit, or NULL. */
static const char *manager(const struct rank_profile *p, const char *unit)
{
	if (p->managed == BY_ORGAN_DEPT)
		return ORGAN_UNIT;
	return p->managed == BY_OWN_UNIT ? unit : NULL;
}

static int birth_year(struct rng *r, const struct rank_profile *p)
{
	static const int lo[4] = {1965, 1970, 1980, 1990}, hi[4] = {1969, 1979, 1989, 2000};
	int total = p->w[0] + p->w[1] + p->w[2] + p->w[3];
	if (!total) /* leaders: the mean of two draws, so the middle years are likelier */
		return (rng_int(r, p->from, p->to) + rng_int(r, p->from, p->to) + 1) / 2;
	int x = rng_int(r, 0, total - 1), i = 0;
	while (x >= p->w[i])
		x -= p->w[i++];
	return rng_int(r, lo[i], hi[i]);
}

/*
 * Creates person <unit>-<seq> of rank with post, drawing name, gender, birth date and the day
 * of appointment (after the 22nd birthday). code (ORG_CODE_MAX + 1 bytes, may be NULL) gets
 * the person's code. Returns 0 or the org error.
 */
static int add_person(struct gen *g, const char *unit, int seq, const char *rank, const char *post,
		      char *code)
{
	const struct rank_profile *p = profile_of(rank);
	char pcode[ORG_CODE_MAX + 1], name[32], born[16], posted[16];
	bool male = rng_pct(&g->r, p->male_pct);
	int y = birth_year(&g->r, p);
	long birth = days_of(y, 1, 1) + rng_int(&g->r, 0, 364);
	long from = days_of(p->posted_from, 1, 1), to = DEMO_TODAY;
	/* The 22nd birthday, or the day after: leap days shift a day of the year by one. */
	long adult = days_of(y + 22, 1, 1) + (birth - days_of(y, 1, 1)) + 1;
	if (from < adult)
		from = adult;
	/* Village cadres were mostly elected at the 2021 change of term (村两委换届). */
	if (!strcmp(rank, "村干部") && rng_pct(&g->r, 70) && from <= days_of(2021, 4, 30))
		to = days_of(2021, 4, 30);
	if (from > to)
		from = to;
	make_name(&g->r, male, name, sizeof name);
	date_text(birth, born);
	date_text(from + rng_int(&g->r, 0, (int)(to - from)), posted);
	snprintf(pcode, sizeof pcode, "%s-%03d", unit, seq);

	struct org_person rec = {
	    .code = pcode,
	    .name = name,
	    .gender = male ? "M" : "F",
	    .birth_date = born,
	    .unit = unit,
	    .rank = rank,
	    .post = post,
	    .appointed_on = posted,
	    .managed_by = manager(p, unit),
	};
	int rc = org_person_create(g->s, g->who, &rec, g->err);
	if (rc < 0)
		return rc;
	g->st.people++;
	if (y >= 1980 && y <= 1989)
		g->st.born_1980s++;
	if (code)
		snprintf(code, ORG_CODE_MAX + 1, "%s", pcode);
	return 0;
}

/* Creates a person and makes them a member of the unit's leadership team. */
static int add_leader(struct gen *g, const char *unit, int seq, const char *rank, const char *role,
		      const char *title, const char *areas, char *code)
{
	char pcode[ORG_CODE_MAX + 1];
	int rc = add_person(g, unit, seq, rank, title, pcode);
	if (rc < 0)
		return rc;
	struct org_team_member m = {
	    .unit = unit, .person = pcode, .role = role, .title = title, .areas = areas};
	if ((rc = org_team_add(g->s, g->who, &m, g->err)) < 0)
		return rc;
	g->st.team_members++;
	if (code)
		snprintf(code, ORG_CODE_MAX + 1, "%s", pcode);
	return 0;
}

/* Adds n staff of a unit from seq on: each head post once, then posts at random (line, when
 * set, for about half of them). Returns 0 or the org error. */
static int add_staff(struct gen *g, const char *unit, int seq, int n, const char *const *heads,
		     int nheads, const char *const *staff, int nstaff, const char *line)
{
	for (int i = 0; i < n; i++) {
		const char *post;
		if (i < nheads)
			post = heads[i];
		else if (line && rng_pct(&g->r, 50))
			post = line;
		else
			post = staff[rng_int(&g->r, 0, nstaff - 1)];
		int rc = add_person(g, unit, seq + i, "一般干部", post, NULL);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Adds n village cadres of a township from seq on, two to a village. */
static int add_villages(struct gen *g, const char *unit, int seq, int n)
{
	char names[16][16] = {{0}}, post[64];
	int nv = (n + 1) / 2;
	assert(nv <= 16);
	for (int v = 0; v < nv; v++) {
		bool again = true;
		while (again) {
			char a[4], b[4];
			pick_char(&g->r, village_chars, sizeof village_chars - 1, a);
			pick_char(&g->r, village_chars, sizeof village_chars - 1, b);
			snprintf(names[v], sizeof names[v], "%s%s村", a, b);
			again = !strcmp(a, b);
			for (int k = 0; k < v && !again; k++)
				again = !strcmp(names[k], names[v]);
		}
	}
	for (int i = 0; i < n; i++) {
		/* Since 2021 the branch secretary mostly also chairs the committee (一肩挑). */
		snprintf(post, sizeof post, "%s%s", names[i / 2],
			 i % 2 ? "村委委员" : "党支部书记、村委会主任");
		int rc = add_person(g, unit, seq + i, "村干部", post, NULL);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int build_township(struct gen *g, const struct township *t)
{
	const char *place = t->xiang ? "乡" : "镇";
	char title[64], code[ORG_CODE_MAX + 1];
	int seq = 1, pick[ARRAY_LEN(township_pool)], rc;

	if ((rc = add_leader(g, t->code, seq++, "正科", "main", "党委书记", "全面工作", code)) < 0)
		return rc;
	if (t == &townships[0]) {
		snprintf(g->st.leader_unit, sizeof g->st.leader_unit, "%s", t->code);
		snprintf(g->st.leader_person, sizeof g->st.leader_person, "%s", code);
		snprintf(g->st.leader_title, sizeof g->st.leader_title, "%s党委书记", t->name);
	}
	snprintf(title, sizeof title, "党委副书记、%s长", place);
	if ((rc = add_leader(g, t->code, seq++, "正科", "deputy", title, "政府全面工作、财政经济",
			     NULL)) < 0)
		return rc;
	rng_shuffle(&g->r, pick, (int)ARRAY_LEN(township_pool));
	int extra = rng_int(&g->r, 1, 3);
	for (int i = 0; i < (int)ARRAY_LEN(township_fixed) + extra; i++) {
		const struct post *p = i < (int)ARRAY_LEN(township_fixed)
					   ? &township_fixed[i]
					   : &township_pool[pick[i - ARRAY_LEN(township_fixed)]];
		if (p->title)
			snprintf(title, sizeof title, "%s", p->title);
		else
			snprintf(title, sizeof title, "党委委员、副%s长", place);
		if ((rc = add_leader(g, t->code, seq++, "副科", p->role, title, p->areas, NULL)) <
		    0)
			return rc;
	}
	int staff = rng_int(&g->r, 40, 80), village = rng_int(&g->r, 10, 25);
	if ((rc = add_staff(g, t->code, seq, staff, township_heads, (int)ARRAY_LEN(township_heads),
			    township_staff, (int)ARRAY_LEN(township_staff), NULL)) < 0)
		return rc;
	return add_villages(g, t->code, seq + staff, village);
}

static int build_dept(struct gen *g, const struct dept *d)
{
	const char *const *areas = NULL;
	char list[128];
	int seq = 1, pick[ARRAY_LEN(system_areas[0].areas)], rc;

	for (size_t i = 0; i < ARRAY_LEN(system_areas); i++)
		if (!strcmp(system_areas[i].category, d->category))
			areas = system_areas[i].areas;
	assert(areas);
	if ((rc = add_leader(g, d->code, seq++, "正科", "main", d->head, "全面工作", NULL)) < 0)
		return rc;
	int deputies = rng_int(&g->r, 2, 4);
	assert(deputies <= (int)ARRAY_LEN(common_areas));
	rng_shuffle(&g->r, pick, (int)ARRAY_LEN(pick));
	for (int i = 0; i < deputies; i++) {
		snprintf(list, sizeof list, "%s、%s", areas[pick[i]], common_areas[i]);
		if ((rc = add_leader(g, d->code, seq++, "副科", "deputy", d->deputy, list, NULL)) <
		    0)
			return rc;
	}
	return add_staff(g, d->code, seq, rng_int(&g->r, 15, 36), dept_heads,
			 (int)ARRAY_LEN(dept_heads), dept_staff, (int)ARRAY_LEN(dept_staff),
			 d->line);
}

static int build_units(struct gen *g)
{
	struct org_unit root = {.code = ROOT_UNIT, .name = ROOT_NAME, .category = "district"};
	int rc;
	for (size_t i = 0; i < ARRAY_LEN(categories); i++) {
		struct org_category c = {.code = categories[i].code,
					 .name = categories[i].name,
					 .kind = categories[i].kind};
		if ((rc = org_category_create(g->s, g->who, &c, g->err)) < 0)
			return rc;
		g->st.categories++;
		g->st.systems += !strcmp(c.kind, "dept");
	}
	if ((rc = org_unit_create(g->s, g->who, &root, g->err)) < 0)
		return rc;
	g->st.units++;
	for (size_t i = 0; i < ARRAY_LEN(townships); i++) {
		struct org_unit u = {.code = townships[i].code,
				     .name = townships[i].name,
				     .category = "township",
				     .parent = ROOT_UNIT};
		if ((rc = org_unit_create(g->s, g->who, &u, g->err)) < 0)
			return rc;
		g->st.units++;
		g->st.townships++;
	}
	for (size_t i = 0; i < ARRAY_LEN(depts); i++) {
		/* the discipline commission is one of the district's own organs: its
		 * inspectors act for the district (supervise/sanction.h) */
		struct org_unit u = {.code = depts[i].code,
				     .name = depts[i].name,
				     .category = depts[i].category,
				     .parent = depts[i].parent ? depts[i].parent : ROOT_UNIT,
				     .set_district_body =
					 strcmp(depts[i].code, "D01") ? ORG_KEEP : ORG_ACTIVATE};
		if ((rc = org_unit_create(g->s, g->who, &u, g->err)) < 0)
			return rc;
		g->st.units++;
		g->st.departments++;
	}
	return 0;
}

static void leader_code(int leader, char out[ORG_CODE_MAX + 1])
{
	snprintf(out, ORG_CODE_MAX + 1, "%s-%03d", ROOT_UNIT, leader + 1);
}

static int oversee(struct gen *g, int leader, const char *unit, const char *area)
{
	char code[ORG_CODE_MAX + 1];
	leader_code(leader, code);
	struct org_oversight o = {.leader = code, .unit = unit, .area = area};
	int rc = org_oversight_create(g->s, g->who, &o, NULL, g->err);
	if (rc == 0)
		g->st.oversight++;
	return rc;
}

/* Each township and department overseen by one district leader, and the areas some
 * leaders oversee across all units (the 纪委书记: 纪检监察 and 作风建设). */
static int build_oversight(struct gen *g)
{
	int rc;
	for (size_t i = 0; i < ARRAY_LEN(townships); i++)
		if ((rc = oversee(g, townships[i].overseer, townships[i].code, NULL)) < 0)
			return rc;
	for (size_t i = 0; i < ARRAY_LEN(depts); i++)
		if ((rc = oversee(g, depts[i].overseer, depts[i].code, NULL)) < 0)
			return rc;
	for (int l = 0; l < L_COUNT; l++)
		if (leaders[l].oversees && (rc = oversee(g, l, NULL, leaders[l].oversees)) < 0)
			return rc;
	return 0;
}

int org_demo_create(struct store *s, const struct actor *who, uint64_t seed,
		    struct org_demo_stats *st, struct zf_err *err)
{
	struct gen g = {.s = s, .who = who, .err = err, .r = {seed}};
	int rc;

	if (!store_in_tx(s))
		return zf_err_set(err, ZF_EINTERNAL, NULL,
				  "the demo district must be built inside a transaction");
	if ((rc = build_units(&g)) < 0)
		return rc;
	for (int l = 0; l < L_COUNT; l++)
		if ((rc = add_leader(&g, ROOT_UNIT, l + 1, leaders[l].rank, leaders[l].role,
				     leaders[l].title, leaders[l].areas, NULL)) < 0)
			return rc;
	for (size_t i = 0; i < ARRAY_LEN(townships); i++)
		if ((rc = build_township(&g, &townships[i])) < 0)
			return rc;
	for (size_t i = 0; i < ARRAY_LEN(depts); i++)
		if ((rc = build_dept(&g, &depts[i])) < 0)
			return rc;
	if ((rc = build_oversight(&g)) < 0)
		return rc;
	*st = g.st;
	return 0;
}
