"""Demo content: a Beirut nonprofit and ten remote volunteer tasks in Arabic and English."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from textwrap import dedent
from typing import Any
from zoneinfo import ZoneInfo

from widget_server.models import AlertFrequency
from widget_server.services.task_alerts.alert_input import AlertRequest
from widget_server.services.times.working_hours import WorkingHours

# Arabic name: جمعية سوا للعون المجتمعي
DEMO_ORGANIZATION: dict[str, str] = {
    "name": "Sawa Community Aid",
    "slug": "sawa-aid",
    "default_locale": "ar",
    "timezone": "Asia/Beirut",
}
# Monday to Friday, 09:00–17:00 in Beirut: shown to far-away visitors on their own clock.
DEMO_WORKING_HOURS = WorkingHours((1, 2, 3, 4, 5), time(9, 0), time(17, 0))


def _texts(*, title: str, summary: str, description: str, notes: str) -> dict[str, str]:
    """A task's texts in one language; the description is Markdown, indented here."""
    return {
        "title": title,
        "summary": summary,
        "description": dedent(description),
        "accessibility_notes": notes,
    }


def _option(value: str, *, ar: str, en: str) -> dict[str, Any]:
    return {"value": value, "label": {"ar": ar, "en": en}}


def _question(
    question_id: str,
    kind: str,
    *,
    ar: str,
    en: str,
    required: bool = True,
    options: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A question of the sign-up form, labelled in both languages."""
    question = {
        "id": question_id,
        "type": kind,
        "required": required,
        "label": {"ar": ar, "en": en},
    }
    return question | ({"options": options} if options else {})


def _task(
    *,
    ar: dict[str, str],
    en: dict[str, str] | None = None,
    status: str = "open",
    schedule: str = "flexible",
    languages: list[str] | None = None,
    default_locale: str = "ar",
    questions: list[dict[str, Any]] | None = None,
    **settings: Any,
) -> dict[str, Any]:
    """A task's payload as the API takes it: open, on a flexible schedule, for people who
    read Arabic and English, shown in Arabic first, without questions, unless it says
    otherwise."""
    return {
        "status": status,
        "languages": languages or ["ar", "en"],
        **settings,
        "schedule": schedule,
        "default_locale": default_locale,
        "translations": {"ar": ar} | ({"en": en} if en else {}),
        "custom_questions": questions or [],
    }


# A task's date, worked out from the day the demo is seeded, so that the demo never ages:
# its last days to apply and its schedules are always weeks ahead.
When = Callable[[date], str]
BEIRUT = ZoneInfo(DEMO_ORGANIZATION["timezone"])
THURSDAY = 3


def _weeks_ahead(weeks: int) -> When:
    return lambda today: (today + timedelta(weeks=weeks)).isoformat()


def _beirut_time(day: Callable[[date], date], hour: int, minute: int = 0) -> When:
    """A time of day in Beirut on a day found from today, with that day's UTC offset."""
    return lambda today: datetime.combine(day(today), time(hour, minute), BEIRUT).isoformat()


def _second_thursday_of_next_month(today: date) -> date:
    first = (today.replace(day=1) + timedelta(days=31)).replace(day=1)
    return first + timedelta(days=(THURSDAY - first.weekday()) % 7 + 7)


def _thursday_after(weeks: int) -> Callable[[date], date]:
    def day(today: date) -> date:
        start = today + timedelta(weeks=weeks)
        return start + timedelta(days=(THURSDAY - start.weekday()) % 7)

    return day


def demo_tasks(today: date) -> list[dict[str, Any]]:
    """The demo's tasks as the API takes them, their dates worked out from `today`."""
    return [{k: v(today) if callable(v) else v for k, v in task.items()} for task in _TASKS]


_TASKS: list[dict[str, Any]] = [
    # 1. Web design: English description links to the brand guide; url + select questions.
    _task(
        category="web_design",
        skills=["figma", "ui design", "rtl layouts", "accessibility"],
        hours_per_week=5,
        commitment="fixed_term",
        duration_weeks=6,
        capacity=2,
        waitlist=True,
        ar=_texts(
            title="إعادة تصميم صفحة التبرع في موقعنا الإلكتروني",
            summary="ساعدنا على تحويل نموذج تبرع طويل ومربك إلى صفحة واضحة تناسب الهواتف "
            "المحمولة وتعمل بالعربية والإنجليزية.",
            description="""\
                يتبرع معظم داعمينا عبر هواتفهم، غير أن صفحة التبرع الحالية صممت لشاشات
                الحاسوب ولا تقرأ جيدًا إلا بالإنجليزية. لذلك نبحث عن مصمم أو مصممة لإعادة
                التفكير فيها من الأساس.

                **مهامك**

                - مراجعة الصفحة الحالية والبيانات التي تبين أين يتوقف الزوار عن إكمال التبرع
                - تصميم نماذج أولية تبدأ بالهاتف، بالعربية (من اليمين إلى اليسار) والإنجليزية
                - تسليم نموذج تفاعلي قابل للنقر إلى المطور المتطوع لدينا

                **المطلوب**: خبرة في Figma وفي تصميم الواجهات من اليمين إلى اليسار، وإلمام
                بمبادئ النماذج الميسرة للأشخاص ذوي الإعاقة. ستجد الألوان والخطوط المعتمدة في
                [دليل هويتنا البصرية](https://example.org/brand).

                **ما ستكسبه**: مشروع حقيقي منشور تضيفه إلى ملف أعمالك، وخطاب توصية، وأثر
                مباشر: كل تبرع إضافي يعني سلة غذائية لأسرة في بيروت هذا الشتاء.
                """,
            notes="العمل عن بعد بالكامل وبساعات مرنة، ونراجع التصاميم كتابيًا دون الحاجة إلى "
            "اجتماعات، كما يعمل Figma مع برامج تكبير الشاشة.",
        ),
        en=_texts(
            title="Redesign the donation page of our website",
            summary="Help us turn a long, confusing donation form into a clear, mobile-friendly "
            "page that works in Arabic and English.",
            description="""\
                Most of our donors give from their phones, but our current donation page was
                built for desktop screens and only reads well in English. We are looking for
                a designer to rethink it from scratch.

                **What you will do**

                - Review the current page and the data on where visitors give up
                - Design mobile-first mockups in Arabic (right-to-left) and English
                - Hand over a clickable prototype to our volunteer developer

                **What you need**: experience with Figma and right-to-left layouts, and
                familiarity with accessible forms. Please follow
                [our brand guide](https://example.org/brand) for colors and type.

                **What you gain**: a real, live project for your portfolio, a reference
                letter, and the knowledge that every extra donation puts a food basket on a
                family's table in Beirut this winter.
                """,
            notes="Fully remote with flexible hours; we review designs in writing, so no calls "
            "are needed, and Figma works with screen magnifiers.",
        ),
        questions=[
            _question(
                "portfolio_url",
                "url",
                ar="رابط ملف أعمالك",
                en="Link to your portfolio",
            ),
            _question(
                "design_experience",
                "select",
                ar="كم سنة من الخبرة لديك في تصميم واجهات المستخدم؟",
                en="How many years of UI design experience do you have?",
                options=[
                    _option("under_one_year", ar="أقل من سنة", en="Less than a year"),
                    _option("one_to_three_years", ar="من سنة إلى ثلاث سنوات", en="1 to 3 years"),
                    _option("over_three_years", ar="أكثر من ثلاث سنوات", en="More than 3 years"),
                ],
            ),
        ],
    ),
    # 2. Data entry: unlimited places, apply-by date.
    _task(
        category="data_entry",
        skills=["google sheets", "data entry", "arabic handwriting"],
        languages=["ar"],
        hours_per_week=3,
        commitment="one_off",
        apply_by=_weeks_ahead(10),
        capacity=None,
        waitlist=False,
        ar=_texts(
            title="إدخال نتائج الاستبيانات الميدانية في جدول بيانات",
            summary="أدخل بيانات الاستبيانات الورقية التي جمعناها في زياراتنا المنزلية هذا "
            "الشتاء في جدول رقمي، ليعرف فريقنا أي الأسر أحوج إلى المساعدة أولًا.",
            description="""\
                زار فريقنا الميداني هذا الشتاء نحو 300 أسرة في برج حمود والطريق الجديدة،
                وملأ استبيانات ورقية ننتظر الآن إدخالها في جدول بيانات مشترك.

                **مهامك**

                - قراءة الاستبيانات الممسوحة ضوئيًا والمكتوبة بخط اليد بالعربية
                - إدخال الإجابات في جدول على Google Sheets يحتوي على قوائم منسدلة
                - الإشارة إلى الاستمارات غير الواضحة بدلًا من التخمين

                **المطلوب**: إجادة قراءة العربية، والدقة في التعامل مع الأرقام، وحاسوب متصل
                بالإنترنت اتصالًا مستقرًا. سنرسل إليك شرحًا مسجلًا مدته 20 دقيقة. البيانات
                كلها مجهولة الهوية، وستوقع تعهدًا قصيرًا بالحفاظ على سريتها.

                **ما ستكسبه**: فهم عملي لكيفية اتخاذ قرارات الإغاثة بناءً على بيانات حقيقية،
                وشهادة تطوع. فعملك هو ما يحدد الأسر التي تتسلم قسائم وقود التدفئة أولًا.
                """,
            notes="يتوافق جدول البيانات مع قارئات الشاشة، لكن قراءة الاستمارات المكتوبة بخط "
            "اليد تتطلب الإبصار، ويمكنك العمل على فترات قصيرة في أي وقت يناسبك.",
        ),
        en=_texts(
            title="Enter field survey results into a spreadsheet",
            summary="Type up the paper questionnaires from our winter home visits so our team "
            "can see which families need help first.",
            description="""\
                This winter our field team visited about 300 households in Bourj Hammoud and
                Tariq al-Jdideh and filled in paper questionnaires. The scanned forms are now
                waiting to be entered into a shared spreadsheet.

                **What you will do**

                - Read scanned questionnaires, handwritten in Arabic
                - Enter the answers into a Google Sheet with drop-down fields
                - Flag unclear forms instead of guessing

                **What you need**: good Arabic reading skills, care with numbers, and a
                computer with a stable connection. We will send you a 20-minute recorded
                walkthrough. All data is anonymized, and you will sign a short
                confidentiality pledge.

                **What you gain**: a hands-on view of how aid decisions are made from real
                data, and a volunteering certificate. Your work decides which families
                receive heating fuel vouchers first.
                """,
            notes="The spreadsheet works with screen readers, but the handwritten forms have to "
            "be read visually; you can work in short sessions at any time of day.",
        ),
    ),
    # 3. Social media: fixed-term campaign with a waitlist.
    _task(
        category="social_media",
        skills=["instagram", "facebook", "copywriting", "canva"],
        hours_per_week=6,
        commitment="fixed_term",
        duration_weeks=10,
        capacity=2,
        waitlist=True,
        ar=_texts(
            title="إدارة حسابينا على إنستغرام وفيسبوك خلال حملة الشتاء",
            summary="ضع خطة لمنشورات حملة «شتاء دافئ» واكتبها وجدولها، وتابع الرد على تعليقات "
            "الداعمين ورسائلهم.",
            description="""\
                ننظم كل شتاء حملة «شتاء دافئ» لتوفير البطانيات والمدافئ ووقود التدفئة للأسر
                في بيروت وجبل لبنان. ونحتاج هذا العام إلى متطوع أو متطوعة يتولى إدارة
                حسابينا على إنستغرام وفيسبوك طوال مدة الحملة.

                **مهامك**

                - إعداد خطة محتوى أسبوعية بالتنسيق مع مسؤولة التواصل لدينا
                - كتابة نصوص قصيرة للمنشورات باللغتين وتصميم صور بسيطة على Canva
                - جدولة المنشورات عبر Meta Business Suite والرد على التعليقات والرسائل
                - إعداد تقرير أسبوعي موجز عن مدى الوصول وحجم التبرعات

                **المطلوب**: خبرة سابقة في إدارة حسابات مؤسسة أو علامة تجارية، وحس لغوي جيد
                بالعربية والإنجليزية، ومراعاة خصوصية الأسر التي ندعمها وكرامتها عند النشر.

                **ما ستكسبه**: حملة متكاملة تضيفها إلى سيرتك الذاتية، وإرشاد مباشر من مسؤولة
                التواصل، وخطاب توصية.
                """,
            notes="جميع الأدوات تعمل عبر المتصفح ويمكن استخدامها بلوحة المفاتيح، ونتفق معك على "
            "مواعيد النشر بما يناسب وضعك الصحي والتزاماتك الأخرى.",
        ),
        en=_texts(
            title="Run our Instagram and Facebook accounts during the winter campaign",
            summary='Plan, write and schedule posts for our "Warm Winter" appeal, and answer '
            "comments and messages from supporters.",
            description="""\
                Every winter we run a "Warm Winter" appeal to provide blankets, heaters and
                heating fuel to families in Beirut and Mount Lebanon. This year we need a
                volunteer to look after our Instagram and Facebook accounts for the length of
                the campaign.

                **What you will do**

                - Prepare a weekly content calendar with our communications officer
                - Write short bilingual captions and make simple visuals in Canva
                - Schedule posts in Meta Business Suite and answer comments and messages
                - Share a short weekly report on reach and donations

                **What you need**: experience running an organization's or a brand's
                accounts, a good ear for tone in Arabic and English, and care for the
                privacy and dignity of the families we support.

                **What you gain**: a complete campaign to show on your CV, mentoring from
                our communications officer, and a reference letter.
                """,
            notes="All tools are web-based and keyboard-friendly, and we agree posting times "
            "with you so the hours fit around your health and other commitments.",
        ),
    ),
    # 4. App development: English is the task's own language; url + text questions.
    _task(
        category="app_development",
        skills=["flutter", "dart", "firebase", "git"],
        languages=["en"],
        hours_per_week=4,
        commitment="ongoing",
        capacity=3,
        waitlist=False,
        default_locale="en",
        ar=_texts(
            title="إصلاح أعطال تطبيق Flutter لتتبع توزيع الحصص الغذائية",
            summary="يؤكد متطوعو التوزيع تسليم الحصص الغذائية عبر تطبيق صغير مبني بـFlutter، "
            "ونحتاج إليك لإصلاح المزامنة دون اتصال وأخطاء عرض الواجهة العربية.",
            description="""\
                يعتمد متطوعو التوزيع لدينا على تطبيق صغير مبني بـFlutter يعرض لهم مسار
                التوزيع اليومي ويتيح لهم تأكيد تسليم كل حصة غذائية. طوره أحد المتطوعين قبل
                عامين، وتراكمت فيه منذ ذلك الحين أعطال تنتظر الإصلاح.

                **مهامك**

                - معالجة خلل المزامنة الذي يؤدي إلى فقدان تأكيدات التسليم عند انقطاع الشبكة
                - تصحيح أخطاء عرض الواجهات العربية من اليمين إلى اليسار
                - تحديث المكتبات التي يعتمد عليها التطبيق وتنظيم قائمة المشكلات على GitHub

                **المطلوب**: معرفة عملية بـFlutter وDart، وخبرة في Firebase، وإلمام بـGit
                وطلبات الدمج. قراءة العربية تفيد في الاختبار لكنها ليست شرطًا.

                **ما ستكسبه**: مستخدمون حقيقيون يلمسون أثر إصلاحاتك في اليوم التالي، ومراجعة
                للشيفرة من مهندس متطوع ذي خبرة، ومساهمة علنية في مشروع مفتوح المصدر.
                """,
            notes="يجري العمل بشكل غير متزامن عبر GitHub، فتختار ساعاتك بنفسك وتستخدم قارئ "
            "الشاشة أو المحرر الذي اعتدت عليه.",
        ),
        en=_texts(
            title="Fix bugs in our Flutter app for food parcel deliveries",
            summary="Our delivery volunteers confirm food parcels in a small Flutter app; help us "
            "fix its offline sync and right-to-left layout bugs.",
            description="""\
                Our delivery volunteers use a small Flutter app to see their daily route and
                confirm each food parcel they hand over. A volunteer built it two years ago,
                and it now has a backlog of bugs.

                **What you will do**

                - Fix the offline sync issue that loses confirmations when the network drops
                - Correct right-to-left layout bugs on the Arabic screens
                - Update dependencies and keep the GitHub issues tidy

                **What you need**: working knowledge of Flutter and Dart, experience with
                Firebase, and comfort with Git and pull requests. Reading Arabic helps with
                testing but is not required.

                **What you gain**: real users who will notice your fixes the next day, code
                review from an experienced volunteer engineer, and a public open-source
                contribution.
                """,
            notes="Work happens asynchronously in GitHub issues and pull requests, so you choose "
            "your hours and keep your usual screen reader and editor setup.",
        ),
        questions=[
            _question(
                "github_profile",
                "url",
                ar="رابط حسابك على GitHub",
                en="Link to your GitHub profile",
            ),
            _question(
                "flutter_app",
                "text",
                ar="اذكر تطبيقًا بنيته باستخدام Flutter",
                en="Name one app you have built with Flutter",
                required=False,
            ),
        ],
    ),
    # 5. Volunteer coordination: Arabic only, to show the language fallback.
    _task(
        category="volunteer_coordination",
        skills=["phone outreach", "active listening", "google sheets"],
        languages=["ar"],
        hours_per_week=4,
        commitment="ongoing",
        capacity=4,
        waitlist=True,
        ar=_texts(
            title="التواصل مع المتطوعين الجدد ومتابعتهم هاتفيًا",
            summary="رحب بالمتطوعين المسجلين حديثًا، وتعرف إلى اهتماماتهم، وساعدهم على اختيار "
            "أول مهمة تناسبهم.",
            description="""\
                يسجل لدينا كل شهر عشرات المتطوعين الجدد، لكن كثيرًا منهم لا يبدأ العمل لأن
                أحدًا لم يتواصل معه في الوقت المناسب. نبحث عن متطوعين يتولون هذا التواصل
                الأول بروح ودودة.

                **مهامك**

                - الاتصال بالمتطوعين الجدد خلال أسبوع من تسجيلهم
                - التعرف إلى مهاراتهم وأوقات فراغهم، وتدوين ذلك في جدول المتابعة
                - اقتراح مهمة أولى مناسبة لكل منهم، ومتابعتهم بعد أسبوعين من بدئها

                **المطلوب**: لغة عربية سليمة ومهارة في التواصل والإصغاء، وصبر على الإجابة
                عن الأسئلة المتكررة. نوفر لك نصًا إرشاديًا للمكالمات وجلسة تعريفية قصيرة،
                وتجرى المكالمات عبر تطبيق على الإنترنت فلا تتحمل أي كلفة.

                **ما ستكسبه**: خبرة في تنسيق المتطوعين وإدارتهم، وشبكة علاقات واسعة مع شباب
                وشابات من مختلف المناطق اللبنانية، وشهادة تطوع.
                """,
            notes="يمكن استبدال المكالمات برسائل واتساب مكتوبة لمن يفضل الكتابة أو لديه صعوبة "
            "في السمع أو النطق، وتختار بنفسك أوقات العمل.",
        ),
    ),
    # 6. Writing: unlimited places.
    _task(
        category="writing",
        skills=["storytelling", "interviewing", "blog writing"],
        hours_per_week=3,
        commitment="ongoing",
        capacity=None,
        waitlist=False,
        ar=_texts(
            title="كتابة قصص شهرية عن الأسر التي ندعمها",
            summary="استمع إلى الأسر وإلى فريقنا الميداني، ثم اكتب كل شهر قصة إنسانية تحفظ "
            "كرامة أصحابها لننشرها على مدونتنا.",
            description="""\
                نادرًا ما تحرك الأرقام الواردة في التقارير مشاعر الناس، أما القصص فتفعل.
                نريد أن ننشر على مدونتنا كل شهر قصة توضح، باحترام لكرامة أصحابها، كيف يغير
                الدعم تفاصيل الحياة اليومية لأسرة في لبنان.

                **مهامك**

                - إجراء مقابلة مع أسرة أو عامل ميداني عبر الهاتف أو الفيديو بحضور أحد أفراد
                  فريقنا
                - كتابة قصة من 600 إلى 800 كلمة بالعربية أو الإنجليزية
                - مراجعة النص مع مسؤولة التواصل واختيار الصور بعد الحصول على الموافقة

                **المطلوب**: عربية محكية بطلاقة لإجراء المقابلات، وأسلوب كتابة متمكن في إحدى
                اللغتين على الأقل، وحساسية في الحديث عن الظروف الصعبة، والتزام بسياسة
                الحماية لدينا (لا أسماء كاملة ولا تفاصيل تكشف الهوية دون موافقة).

                **ما ستكسبه**: مقالات منشورة باسمك، وملاحظات تحريرية تطور أسلوبك، وقصص
                تساعدنا على جمع التبرعات لأسرة أخرى.
                """,
            notes="يمكن إجراء المقابلات عبر المحادثة النصية بدلًا من المكالمات، ولك أن تكتب في "
            "الوقت الذي يناسبك خلال الشهر.",
        ),
        en=_texts(
            title="Write monthly stories about the families we support",
            summary="Listen to families and our field staff, then write one warm, respectful "
            "story a month for our blog.",
            description="""\
                Numbers in reports rarely move people; stories do. Each month we want to
                publish a story on our blog that shows, with dignity, how support changes
                daily life for a family in Lebanon.

                **What you will do**

                - Interview a family or a field worker by phone or video, with one of our
                  staff present
                - Write a story of 600 to 800 words in Arabic or English
                - Revise it with our communications officer and choose photos with consent

                **What you need**: fluent spoken Arabic for the interviews, strong writing in
                at least one of the two languages, sensitivity when talking about hardship,
                and respect for our safeguarding rules (no full names or identifying details
                without consent).

                **What you gain**: published articles under your name, editorial feedback,
                and stories that help us raise funds for the next family.
                """,
            notes="Interviews can be held by text chat instead of calls, and you can write "
            "whenever suits you during the month.",
        ),
    ),
    # 7. Graphic design: still a draft, so it is not listed publicly.
    _task(
        status="draft",
        category="graphic_design",
        skills=["adobe illustrator", "infographics", "arabic typography", "data visualization"],
        hours_per_week=5,
        commitment="fixed_term",
        duration_weeks=4,
        apply_by=_weeks_ahead(16),
        capacity=2,
        waitlist=False,
        ar=_texts(
            title="تصميم رسوم بيانية لتقريرنا السنوي",
            summary="اجعل أرقام عام كامل من الحصص الغذائية ومساعدات الشتاء وترميم المدارس "
            "واضحة للجميع عبر رسوم بيانية باللغتين.",
            description="""\
                يصل تقريرنا السنوي في الربيع إلى الجهات المانحة والبلديات والمنظمات
                الشريكة، ونريد هذا العام أن يفهم القارئ أرقامه الأساسية من النظرة الأولى،
                بالعربية والإنجليزية معًا.

                **مهامك**

                - تصميم ما بين ستة وثمانية رسوم بيانية انطلاقًا من الأرقام التي يقدمها فريق
                  البرامج
                - إعداد نسختين عربية وإنجليزية تراعي كل منهما اتجاه الكتابة الخاص بها
                - تصدير ملفات للطباعة وأخرى للويب، مع نص بديل لكل رسم

                **المطلوب**: ملف أعمال متين في Illustrator أو Affinity Designer، وخبرة في
                تنسيق الخطوط العربية، وصبر على التحقق من الأرقام أكثر من مرة.

                **ما ستكسبه**: ذكر اسمك في صفحة الشكر ضمن التقرير، ونسخة مطبوعة منه، وعمل
                يطلع عليه مئات المانحين والشركاء.
                """,
            notes="العمل عن بعد بالكامل ووفق وتيرتك الخاصة، ونرسل الأرقام في جدول بسيط ونقدم "
            "ملاحظاتنا كتابيًا.",
        ),
        en=_texts(
            title="Design infographics for our annual report",
            summary="Turn a year of figures on food parcels, winter aid and school repairs into "
            "clear bilingual infographics.",
            description="""\
                Our annual report goes out in the spring to donors, municipalities and partner
                organizations. This year we want readers to grasp the key figures at
                a glance, in both Arabic and English.

                **What you will do**

                - Design six to eight infographics from the figures our programs team
                  provides
                - Produce Arabic and English versions that respect each script's direction
                - Export print and web files, with alt text for every graphic

                **What you need**: a solid portfolio in Illustrator or Affinity Designer,
                experience with Arabic typography, and the patience to double-check numbers.

                **What you gain**: your name in the report's credits, a printed copy, and
                work that hundreds of donors and partners will see.
                """,
            notes="Fully remote and self-paced; we send the figures as a plain spreadsheet and "
            "give all feedback in writing.",
        ),
    ),
    # 8. Translation: the Arabic title carries diacritics for the search demo.
    _task(
        category="translation",
        skills=["english to arabic translation", "proofreading", "child protection"],
        hours_per_week=6,
        commitment="fixed_term",
        duration_weeks=8,
        apply_by=_weeks_ahead(12),
        capacity=3,
        waitlist=True,
        ar=_texts(
            title="تَرْجَمَةُ دَلِيلِ حماية الطفل من الإنجليزية إلى العربية",
            summary="ساعدنا على إيصال دليل عملي لحماية الأطفال إلى المعلمين والأهالي والمتطوعين "
            "الناطقين بالعربية، بلغة دقيقة وسهلة في آن معًا.",
            description="""\
                أعدت منظمة شريكة دليلًا عمليًا من 40 صفحة يشرح كيفية التعرف إلى علامات
                الإساءة إلى الأطفال والتصرف بأمان عند الاشتباه في وقوعها. ونريد أن نضعه بين
                أيدي المعلمين والأهالي والمتطوعين في لبنان بلغة عربية سليمة وقريبة منهم.

                **مهامك**

                - ترجمة فصل أو أكثر من الدليل إلى العربية الفصحى المبسطة
                - الالتزام بمسرد المصطلحات المعتمد في مجال حماية الطفل
                - مراجعة فصل ترجمه متطوع آخر ضمن جولة مراجعة متبادلة

                **المطلوب**: إتقان تام للعربية وقدرة جيدة على فهم النصوص الإنجليزية، ونفضل من
                لديه خبرة في ترجمة النصوص الاجتماعية أو التربوية. قد يكون الموضوع مؤلمًا
                أحيانًا، ومسؤولة الحماية لدينا متاحة للحديث معك متى احتجت إلى ذلك.

                **ما ستكسبه**: ذكر اسمك بين مترجمي الدليل المنشور، وخطاب توصية، واطلاع على
                المعايير الدولية لحماية الطفل.
                """,
            notes="العمل نصي بالكامل في مستندات مشتركة تتعامل معها قارئات الشاشة بسهولة، بساعات "
            "مرنة ومواعيد تسليم نتفق عليها فصلًا بفصل.",
        ),
        en=_texts(
            title="Translate a child-protection guide from English to Arabic",
            summary="Help us bring a practical child-protection guide to Arabic-speaking "
            "teachers, parents and volunteers, in language that is accurate and easy to "
            "read.",
            description="""\
                A partner organization has written a practical 40-page guide on recognizing
                the signs of child abuse and responding safely. We want teachers, parents and
                volunteers across Lebanon to be able to read it in clear Arabic.

                **What you will do**

                - Translate one or more chapters into plain Modern Standard Arabic
                - Follow the agreed glossary of child-protection terms
                - Review another volunteer's chapter in a peer review round

                **What you need**: native-level Arabic and strong English reading skills;
                experience translating social or educational material is a plus. The subject
                can be painful at times, and our safeguarding officer is there to talk
                whenever you need.

                **What you gain**: your name in the translator credits of the published
                guide, a reference letter, and an introduction to international
                child-safeguarding standards.
                """,
            notes="Text-only work in shared documents that screen readers handle well, with "
            "flexible hours and deadlines agreed chapter by chapter.",
        ),
        questions=[
            _question(
                "translation_experience",
                "select",
                ar="ما مستوى خبرتك في الترجمة؟",
                en="What is your level of translation experience?",
                options=[
                    _option(
                        "beginner",
                        ar="مبتدئ: ترجمت نصوصًا قصيرة أو تطوعية",
                        en="Beginner: short or volunteer texts",
                    ),
                    _option(
                        "intermediate",
                        ar="متوسط: ترجمت تقارير أو أدلة كاملة",
                        en="Intermediate: full reports or guides",
                    ),
                    _option(
                        "professional",
                        ar="محترف: أعمل في مجال الترجمة",
                        en="Professional translator",
                    ),
                ],
            ),
            _question(
                "translation_sample",
                "textarea",
                ar="ترجم هذه الجملة إلى العربية: Every child has the right to feel safe at school.",
                en="Translate this sentence into Arabic: Every child has the right to "
                "feel safe at school.",
                required=False,
            ),
        ],
    ),
    # 9. Expert advice: a fixed monthly call, English is the task's own language.
    _task(
        category="expert_advice",
        skills=["bookkeeping", "nonprofit accounting", "donor reporting"],
        hours_per_week=1,
        commitment="fixed_term",
        duration_weeks=26,
        schedule="fixed",
        timezone="Asia/Beirut",
        starts_at=_beirut_time(_second_thursday_of_next_month, 18),
        ends_at=_beirut_time(_second_thursday_of_next_month, 19, 30),
        capacity=1,
        waitlist=True,
        default_locale="en",
        ar=_texts(
            title="جلسة استشارية شهرية عبر الإنترنت في مسك الدفاتر للجمعيات الأهلية",
            summary="شارك فريقنا المالي الصغير خبرتك كل شهر بنصائح عملية في مسك الدفاتر وإعداد "
            "التقارير للجهات المانحة والاستعداد للتدقيق.",
            description="""\
                يتألف فريقنا المالي من شخصين يؤديان عمل خمسة؛ فهما يمسكان الحسابات على Excel
                وWave، ويعدان التقارير لست جهات مانحة، ويستعدان للتدقيق السنوي. نبحث عن
                محاسب أو مدقق حسابات له خبرة في القطاع غير الربحي ليكون مستشارًا لهما مدة
                ستة أشهر.

                **مهامك**

                - إدارة مكالمة فيديو مدتها ساعة ونصف في الخميس الثاني من كل شهر، الساعة
                  السادسة مساءً بتوقيت بيروت، بدءًا من الشهر القادم
                - الاطلاع على الأسئلة والمستندات التي يرسلها الفريق قبل الجلسة بأيام
                - اقتراح تحسينات بسيطة على دليل الحسابات وتقارير المانحين

                **المطلوب**: خبرة لا تقل عن خمس سنوات في المحاسبة أو التدقيق، ويستحسن أن
                تكون قد اكتسبتها في منظمات غير حكومية، ومعرفة بالأموال المقيدة وتقارير
                الجهات المانحة. والإلمام بالأنظمة اللبنانية ميزة إضافية.

                **ما ستكسبه**: أثر مباشر في حسن إدارة منظمة صغيرة لمواردها المالية، وشكرنا
                الصادق في تقريرنا السنوي.
                """,
            notes="نعقد المكالمات على Zoom مع تفعيل التسميات التوضيحية المباشرة، ونرسل جدول "
            "الأعمال والمستندات مكتوبة قبل كل جلسة.",
        ),
        en=_texts(
            title="Monthly online advice session on nonprofit bookkeeping",
            summary="Give our small finance team practical advice once a month on bookkeeping, "
            "donor reporting and getting ready for the audit.",
            description="""\
                Our finance team is two people doing the work of five. They keep our books in
                Excel and Wave, report to six different donors and prepare for an annual
                audit. We are looking for an accountant or auditor with nonprofit experience
                to be their adviser for six months.

                **What you will do**

                - Lead a 90-minute video call on the second Thursday of each month at 6 pm
                  Beirut time, starting next month
                - Read the questions and documents the team sends a few days ahead
                - Suggest simple improvements to our chart of accounts and donor reports

                **What you need**: at least five years of experience in accounting or audit,
                ideally with NGOs, and knowledge of restricted funds and donor reporting.
                Knowing Lebanese regulations is a plus.

                **What you gain**: a direct impact on how well a small organization manages
                its money, and our sincere thanks in our annual report.
                """,
            notes="Calls run on Zoom with live captions, and we send the agenda and documents "
            "in writing before each session.",
        ),
    ),
    # 10. Video: a fixed span from the kickoff call to delivery; url + checkbox questions.
    _task(
        category="video",
        skills=["video editing", "davinci resolve", "subtitling", "storytelling"],
        hours_per_week=5,
        commitment="one_off",
        schedule="fixed",
        timezone="Asia/Beirut",
        starts_at=_beirut_time(_thursday_after(17), 17),
        ends_at=_beirut_time(_thursday_after(21), 17),
        capacity=1,
        waitlist=True,
        ar=_texts(
            title="مونتاج فيديو مدته دقيقتان عن مشروع إعادة تأهيل مدرسة",
            summary="اصنع من المشاهد الخام التي صورناها في مدرسة أسهمنا في ترميمها في الكرنتينا "
            "فيلمًا قصيرًا ومؤثرًا للمانحين ولمنصات التواصل الاجتماعي.",
            description="""\
                أسهمنا العام الماضي في ترميم مدرسة رسمية في الكرنتينا تضررت من انفجار مرفأ
                بيروت عام 2020. التقط فريقنا مشاهد لأعمال الترميم وللمعلمين ولعودة التلاميذ
                إلى صفوفهم، ونحتاج الآن إلى من يصنع من نحو ثلاث ساعات من المشاهد الخام فيلمًا
                مدته دقيقتان.

                **مهامك**

                - حضور اجتماع تمهيدي مدته ساعة في اليوم الأول، الساعة الخامسة مساءً بتوقيت
                  بيروت
                - انتقاء أقوى اللحظات وإعداد نسخة مدتها دقيقتان مع الموسيقى
                - إضافة الترجمة على الشاشة بالعربية والإنجليزية وتسليم الفيلم النهائي بعد
                  أربعة أسابيع، في اليوم الأخير

                **المطلوب**: ملف أعمال يضم مقاطع فيديو قصيرة من مونتاجك، وبرنامج مونتاج خاص
                بك (Premiere Pro أو DaVinci Resolve أو ما يشبههما)، واتصال بالإنترنت يسمح
                بتنزيل ملفات كبيرة.

                **ما ستكسبه**: ذكر اسمك في فيلم سنعرضه على المانحين وفي احتفال إعادة افتتاح
                المدرسة، إضافة إلى خطاب توصية.
                """,
            notes="تعمل على أجهزتك وبالوتيرة التي تناسبك بين الموعدين، ونسجل الاجتماع التمهيدي "
            "مع تسميات توضيحية لمن يتعذر عليه حضوره مباشرة.",
        ),
        en=_texts(
            title="Edit a two-minute video about a school rehabilitation project",
            summary="Turn raw footage from a school we helped repair in Karantina into a short, "
            "moving film for donors and social media.",
            description="""\
                Last year we helped repair a public school in Karantina that was damaged in
                the 2020 Beirut port explosion. Our team filmed the works, the teachers and
                the pupils' return to class, and now we need someone to turn about three
                hours of raw footage into a two-minute film.

                **What you will do**

                - Join a one-hour kickoff call on the first day, at 5 pm Beirut time
                - Pick the strongest moments and edit a two-minute cut with music
                - Add Arabic and English subtitles and deliver the final film four weeks later,
                  on the last day

                **What you need**: a portfolio of short edited videos, your own editing
                software (Premiere Pro, DaVinci Resolve or similar), and a connection good
                enough to download large files.

                **What you gain**: a credit on a film we will show to donors and at the
                school's reopening celebration, plus a reference letter.
                """,
            notes="You edit on your own equipment at your own pace between the two dates, and "
            "the kickoff call is captioned and recorded for anyone who cannot join live.",
        ),
        questions=[
            _question(
                "showreel_url",
                "url",
                ar="رابط نماذج من أعمالك في المونتاج",
                en="Link to your showreel or edited videos",
            ),
            _question(
                "kickoff_call",
                "checkbox",
                ar="أستطيع حضور الاجتماع التمهيدي في اليوم الأول",
                en="I can attend the kickoff call on the first day",
                required=False,
            ),
        ],
    ),
]


# A visitor who asked for the demo organization's new translation tasks, at once, in Arabic.
DEMO_ALERT = AlertRequest(
    email="alerts.demo@example.org",
    organization_id=None,  # the demo organization's, once it exists
    categories=("translation",),
    skills=(),
    languages=(),
    max_hours=None,
    frequency=AlertFrequency.IMMEDIATE,
    locale="ar",
)
