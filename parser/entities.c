/*
 * NAME
 *	entities.c - HTML named character references
 * SUMMARY
 *	ps_entity_lookup() maps a reference name (case-sensitive, without
 *	"&" and ";") to its code point, or returns 0 when it is unknown.
 * DESCRIPTION
 *	Not HTML's full list of 2,231 names: the ones mail HTML uses, which
 *	are the HTML 4 Latin-1 and punctuation sets, the Latin Extended-A
 *	letters of the seed languages, and the HTML 5 ASCII names editors
 *	emit.  The table is sorted by strcmp() for bsearch().
 *	*legacy is set for the Latin-1 names that browsers also decode
 *	without the closing ";".
 * DIAGNOSTICS
 *	None.
 */

#include <stdlib.h>
#include <string.h>

#include "parser/entities.h"

struct entity {
	const char *name;
	unsigned long cp;
};

static const struct entity entities[] = {
	{"AElig", 198},	  {"AMP", 38},	    {"Aacute", 193},  {"Abreve", 258},
	{"Acirc", 194},	  {"Agrave", 192},  {"Aogon", 260},   {"Aring", 197},
	{"Atilde", 195},  {"Auml", 196},    {"COPY", 169},    {"Cacute", 262},
	{"Ccaron", 268},  {"Ccedil", 199},  {"Dagger", 8225}, {"Dstrok", 272},
	{"ETH", 208},	  {"Eacute", 201},  {"Ecaron", 282},  {"Ecirc", 202},
	{"Egrave", 200},  {"Eogon", 280},   {"Euml", 203},    {"GT", 62},
	{"Iacute", 205},  {"Icirc", 206},   {"Igrave", 204},  {"Itilde", 296},
	{"Iuml", 207},	  {"LT", 60},	    {"Lstrok", 321},  {"Nacute", 323},
	{"NewLine", 10},  {"Ntilde", 209},  {"OElig", 338},   {"Oacute", 211},
	{"Ocirc", 212},	  {"Ograve", 210},  {"Oslash", 216},  {"Otilde", 213},
	{"Ouml", 214},	  {"Prime", 8243},  {"QUOT", 34},     {"REG", 174},
	{"Rcaron", 344},  {"Sacute", 346},  {"Scaron", 352},  {"THORN", 222},
	{"Tab", 9},	  {"Uacute", 218},  {"Ucirc", 219},   {"Ugrave", 217},
	{"Utilde", 360},  {"Uuml", 220},    {"Yacute", 221},  {"Yuml", 376},
	{"Zacute", 377},  {"Zcaron", 381},  {"Zdot", 379},    {"aacute", 225},
	{"abreve", 259},  {"acirc", 226},   {"acute", 180},   {"aelig", 230},
	{"agrave", 224},  {"amp", 38},	    {"aogon", 261},   {"apos", 39},
	{"aring", 229},	  {"ast", 42},	    {"asymp", 8776},  {"atilde", 227},
	{"auml", 228},	  {"bdquo", 8222},  {"brvbar", 166},  {"bsol", 92},
	{"bull", 8226},	  {"cacute", 263},  {"ccaron", 269},  {"ccedil", 231},
	{"cedil", 184},	  {"cent", 162},    {"circ", 710},    {"colon", 58},
	{"comma", 44},	  {"commat", 64},   {"copy", 169},    {"curren", 164},
	{"dagger", 8224}, {"darr", 8595},   {"dash", 8208},   {"deg", 176},
	{"divide", 247},  {"dollar", 36},   {"dstrok", 273},  {"eacute", 233},
	{"ecaron", 283},  {"ecirc", 234},   {"egrave", 232},  {"emsp", 8195},
	{"ensp", 8194},	  {"eogon", 281},   {"equals", 61},   {"eth", 240},
	{"euml", 235},	  {"euro", 8364},   {"excl", 33},     {"fnof", 402},
	{"frac12", 189},  {"frac14", 188},  {"frac34", 190},  {"ge", 8805},
	{"grave", 96},	  {"gt", 62},	    {"harr", 8596},   {"hellip", 8230},
	{"hyphen", 8208}, {"iacute", 237},  {"icirc", 238},   {"iexcl", 161},
	{"igrave", 236},  {"infin", 8734},  {"iquest", 191},  {"itilde", 297},
	{"iuml", 239},	  {"laquo", 171},   {"larr", 8592},   {"lcub", 123},
	{"ldquo", 8220},  {"le", 8804},	    {"lowbar", 95},   {"lpar", 40},
	{"lrm", 8206},	  {"lsaquo", 8249}, {"lsqb", 91},     {"lsquo", 8216},
	{"lstrok", 322},  {"lt", 60},	    {"macr", 175},    {"mdash", 8212},
	{"micro", 181},	  {"middot", 183},  {"minus", 8722},  {"nacute", 324},
	{"nbsp", 160},	  {"ndash", 8211},  {"ne", 8800},     {"not", 172},
	{"ntilde", 241},  {"num", 35},	    {"oacute", 243},  {"ocirc", 244},
	{"oelig", 339},	  {"ograve", 242},  {"oline", 8254},  {"ordf", 170},
	{"ordm", 186},	  {"oslash", 248},  {"otilde", 245},  {"ouml", 246},
	{"para", 182},	  {"percent", 37},  {"period", 46},   {"permil", 8240},
	{"plus", 43},	  {"plusmn", 177},  {"pound", 163},   {"prime", 8242},
	{"quest", 63},	  {"quot", 34},	    {"raquo", 187},   {"rarr", 8594},
	{"rcaron", 345},  {"rcub", 125},    {"rdquo", 8221},  {"reg", 174},
	{"rlm", 8207},	  {"rpar", 41},	    {"rsaquo", 8250}, {"rsqb", 93},
	{"rsquo", 8217},  {"sacute", 347},  {"sbquo", 8218},  {"scaron", 353},
	{"sect", 167},	  {"semi", 59},	    {"shy", 173},     {"sol", 47},
	{"sup1", 185},	  {"sup2", 178},    {"sup3", 179},    {"szlig", 223},
	{"thinsp", 8201}, {"thorn", 254},   {"tilde", 732},   {"times", 215},
	{"trade", 8482},  {"uacute", 250},  {"uarr", 8593},   {"ucirc", 251},
	{"ugrave", 249},  {"uml", 168},	    {"utilde", 361},  {"uuml", 252},
	{"verbar", 124},  {"yacute", 253},  {"yen", 165},     {"yuml", 255},
	{"zacute", 378},  {"zcaron", 382},  {"zdot", 380},    {"zwj", 8205},
	{"zwnj", 8204},
};

static int
compare(const void *key, const void *elem)
{
	return strcmp((const char *) key, ((const struct entity *) elem)->name);
}

unsigned long
ps_entity_lookup(const char *name, size_t len, int *legacy)
{
	char key[PS_ENTITY_NAME_MAX + 1];
	const struct entity *e;

	if (len == 0 || len > PS_ENTITY_NAME_MAX)
		return 0;
	memcpy(key, name, len);
	key[len] = 0;
	e = bsearch(key, entities, sizeof(entities) / sizeof(entities[0]),
		    sizeof(entities[0]), compare);
	if (e == NULL)
		return 0;
	if (legacy)
		*legacy = (e->cp >= 0xA0 && e->cp <= 0xFF) || e->cp == '"'
			|| e->cp == '&' || e->cp == '<' || e->cp == '>';
	return e->cp;
}
