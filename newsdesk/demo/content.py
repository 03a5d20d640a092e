"""Demo copy written for this project: parallel Russian and English story templates.

Every story, name and organisation here is invented; cities are real places used only as
datelines. Templates take slots ({in_city}, {n}, {person}…) so that a few dozen stories make
hundreds of distinct, readable articles. Russian slots carry their grammatical case.
"""

SECTIONS = [
    # slug, Russian title, English title, Russian intro, English intro
    (
        "politics",
        "Политика",
        "Politics",
        "Решения властей, выборы и законы.",
        "Government decisions, elections and laws.",
    ),
    (
        "economy",
        "Экономика",
        "Economy",
        "Компании, рынки, бюджеты и цены.",
        "Companies, markets, budgets and prices.",
    ),
    (
        "society",
        "Общество",
        "Society",
        "Города, транспорт, образование и здоровье.",
        "Cities, transport, schools and health.",
    ),
    (
        "world",
        "В мире",
        "World",
        "Международные события и дипломатия.",
        "International affairs and diplomacy.",
    ),
    (
        "science",
        "Наука",
        "Science",
        "Исследования, открытия и технологии.",
        "Research, discoveries and technology.",
    ),
    (
        "culture",
        "Культура",
        "Culture",
        "Театр, кино, музыка и книги.",
        "Theatre, film, music and books.",
    ),
    (
        "sport",
        "Спорт",
        "Sport",
        "Соревнования, клубы и спортсмены.",
        "Competitions, clubs and athletes.",
    ),
    (
        "regions",
        "Регионы",
        "Regions",
        "Новости городов и областей.",
        "News from cities and provinces.",
    ),
]

CITIES = [
    # Russian nominative, Russian "in <city>", English, Russian genitive
    ("Казань", "в Казани", "Kazan", "Казани"),
    ("Новосибирск", "в Новосибирске", "Novosibirsk", "Новосибирска"),
    ("Екатеринбург", "в Екатеринбурге", "Yekaterinburg", "Екатеринбурга"),
    ("Владивосток", "во Владивостоке", "Vladivostok", "Владивостока"),
    ("Калининград", "в Калининграде", "Kaliningrad", "Калининграда"),
    ("Самара", "в Самаре", "Samara", "Самары"),
    ("Томск", "в Томске", "Tomsk", "Томска"),
    ("Мурманск", "в Мурманске", "Murmansk", "Мурманска"),
    ("Иркутск", "в Иркутске", "Irkutsk", "Иркутска"),
    ("Ярославль", "в Ярославле", "Yaroslavl", "Ярославля"),
    ("Пермь", "в Перми", "Perm", "Перми"),
    ("Хабаровск", "в Хабаровске", "Khabarovsk", "Хабаровска"),
]

# Invented people: Russian name, English name, gender (for Russian verb endings),
# Russian role, English role.
PEOPLE = [
    (
        "Анна Морозова",
        "Anna Morozova",
        "f",
        "глава городского департамента транспорта",
        "head of the city transport department",
    ),
    (
        "Игорь Белов",
        "Igor Belov",
        "m",
        "председатель комитета по бюджету",
        "chair of the budget committee",
    ),
    (
        "Марина Соколова",
        "Marina Sokolova",
        "f",
        "директор научного центра",
        "director of the research centre",
    ),
    (
        "Дмитрий Ершов",
        "Dmitry Yershov",
        "m",
        "экономист независимого аналитического бюро",
        "economist at an independent research firm",
    ),
    (
        "Ольга Ларина",
        "Olga Larina",
        "f",
        "заместитель мэра по социальным вопросам",
        "deputy mayor for social affairs",
    ),
    ("Сергей Климов", "Sergei Klimov", "m", "главный тренер команды", "the team's head coach"),
    (
        "Елена Гусева",
        "Yelena Guseva",
        "f",
        "художественный руководитель театра",
        "artistic director of the theatre",
    ),
    ("Павел Орлов", "Pavel Orlov", "m", "представитель министерства", "a ministry spokesman"),
    (
        "Наталья Зуева",
        "Natalya Zuyeva",
        "f",
        "руководитель регионального отделения",
        "head of the regional office",
    ),
    ("Алексей Фомин", "Alexei Fomin", "m", "ведущий научный сотрудник", "a senior research fellow"),
]

AUTHORS = [
    ("Виктория Полякова", "Victoria Polyakova", "корреспондент", "correspondent"),
    ("Максим Гордеев", "Maxim Gordeyev", "обозреватель", "columnist"),
    ("Ирина Тихонова", "Irina Tikhonova", "редактор отдела", "desk editor"),
    ("Роман Лебедев", "Roman Lebedev", "корреспондент", "correspondent"),
    ("Светлана Быкова", "Svetlana Bykova", "обозреватель", "columnist"),
    ("Денис Котов", "Denis Kotov", "фотокорреспондент", "photo correspondent"),
]

PHOTO_CREDITS = [
    ("Виктория Полякова / Ньюсдеск", "Victoria Polyakova / Newsdesk"),
    ("Денис Котов / Ньюсдеск", "Denis Kotov / Newsdesk"),
    ("пресс-служба мэрии", "city hall press office"),
    ("Ньюсдеск", "Newsdesk"),
]

# Tags by section: (Russian, English).
TAGS = {
    "politics": [("выборы", "elections"), ("законы", "legislation"), ("бюджет", "budget")],
    "economy": [
        ("бюджет", "budget"),
        ("энергетика", "energy"),
        ("цены", "prices"),
        ("промышленность", "industry"),
    ],
    "society": [
        ("транспорт", "transport"),
        ("образование", "education"),
        ("здравоохранение", "health care"),
    ],
    "world": [("дипломатия", "diplomacy"), ("торговля", "trade"), ("климат", "climate")],
    "science": [("космос", "space"), ("медицина", "medicine"), ("климат", "climate")],
    "culture": [("театр", "theatre"), ("кино", "film"), ("музеи", "museums")],
    "sport": [("футбол", "football"), ("хоккей", "ice hockey"), ("лыжи", "skiing")],
    "regions": [
        ("транспорт", "transport"),
        ("экология", "environment"),
        ("строительство", "construction"),
    ],
}

# Story templates. Slots: {city} {in_city} {in_city_cap} {city_gen}, numbers {k} (3–9), {m} (15–60),
# {n} (any), {big} (hundreds), {duration} (minutes), {pct}, {year}; quotes name a person from PEOPLE.
STORIES = {
    "politics": [
        {
            "ru": (
                "Городская дума {in_city} одобрила бюджет на {year} год",
                "Расходы на транспорт и школы вырастут на {pct}%, следует из принятого документа.",
                [
                    "Депутаты городской думы {in_city} приняли бюджет на {year} год во втором чтении. За документ проголосовали {m} депутатов.",
                    "Больше всего средств получат транспорт, ремонт школ и благоустройство дворов. Расходы на эти статьи вырастут на {pct}%.",
                ],
            ),
            "en": (
                "{city} city council passes budget for {year}",
                "Spending on transport and schools will rise by {pct}%, the approved document shows.",
                [
                    "Members of the {city} city council passed the budget for {year} in its second reading. {m} members voted in favour.",
                    "Transport, school repairs and courtyard improvements receive the largest share. Spending on them will rise by {pct}%.",
                ],
            ),
            "quote": (
                "Мы впервые за несколько лет сможем ремонтировать школы по плану, а не в аварийном порядке.",
                "For the first time in several years we can repair schools on schedule rather than in emergencies.",
            ),
        },
        {
            "ru": (
                "{in_city_cap} назначили дату муниципальных выборов",
                "Горожане выберут {m} депутатов, кандидаты смогут выдвигаться в течение месяца.",
                [
                    "Избирательная комиссия {city_gen} назначила муниципальные выборы на второе воскресенье сентября. Горожане выберут {m} депутатов.",
                    "Выдвижение кандидатов продлится месяц. Впервые жители смогут проголосовать на любом участке города.",
                ],
            ),
            "en": (
                "{city} sets a date for municipal elections",
                "Residents will elect {m} councillors; candidates have a month to register.",
                [
                    "The {city} election commission has set municipal elections for the second Sunday in September. Residents will elect {m} councillors.",
                    "Nominations will stay open for a month. For the first time, residents will be able to vote at any polling station in the city.",
                ],
            ),
            "quote": (
                "Мы хотим, чтобы проголосовать было так же просто, как зайти в магазин у дома.",
                "We want voting to be as easy as popping into the shop around the corner.",
            ),
        },
        {
            "ru": (
                "Региональный парламент принял закон о поддержке молодых семей",
                "Семьи с детьми {in_city} смогут получить компенсацию до {m} тысяч рублей на аренду жилья.",
                [
                    "Законодательное собрание приняло закон о поддержке молодых семей. Документ вступит в силу с первого числа следующего месяца.",
                    "Семьи с детьми {in_city} смогут получить компенсацию до {m} тысяч рублей на аренду жилья. Заявление можно подать онлайн.",
                ],
            ),
            "en": (
                "Regional parliament passes a law to support young families",
                "Families with children in {city} will be able to claim up to {m},000 roubles towards rent.",
                [
                    "The regional legislature has passed a law to support young families. It takes effect on the first day of next month.",
                    "Families with children in {city} will be able to claim up to {m},000 roubles towards rent. Applications can be made online.",
                ],
            ),
            "quote": (
                "Закон писали вместе с самими семьями: мы провели больше двадцати встреч.",
                "We wrote the law together with the families themselves: we held more than twenty meetings.",
            ),
        },
        {
            "ru": (
                "Мэрия {city_gen} откроет общественные слушания по генплану",
                "Жители смогут оставить замечания к проекту в течение {m} дней.",
                [
                    "Мэрия {city_gen} вынесла на общественные слушания новый генеральный план города. Проект рассчитан на двадцать лет.",
                    "Жители смогут оставить замечания в течение {m} дней на сайте мэрии или в районных администрациях.",
                ],
            ),
            "en": (
                "{city} city hall opens public hearings on the master plan",
                "Residents will have {m} days to comment on the draft.",
                [
                    "{city} city hall has put the city's new master plan out for public hearings. The plan covers the next twenty years.",
                    "Residents have {m} days to comment on the city hall website or at district offices.",
                ],
            ),
            "quote": (
                "Каждое замечание получит ответ: это не формальность.",
                "Every comment will get an answer: this is not a formality.",
            ),
        },
    ],
    "economy": [
        {
            "ru": (
                "Завод {in_city} увеличил выпуск продукции на {pct}%",
                "Предприятие запустило новую линию и наняло {n} сотрудников.",
                [
                    "Машиностроительный завод {in_city} по итогам квартала увеличил выпуск продукции на {pct}%. Рост обеспечила новая производственная линия.",
                    "За год предприятие наняло {n} сотрудников, в основном инженеров и наладчиков оборудования.",
                ],
            ),
            "en": (
                "Factory in {city} raises output by {pct}%",
                "The plant has opened a new line and hired {n} people.",
                [
                    "An engineering plant in {city} raised output by {pct}% in the quarter, helped by a new production line.",
                    "Over the year the plant has hired {n} people, mostly engineers and equipment technicians.",
                ],
            ),
            "quote": (
                "Спрос на нашу продукцию сейчас выше, чем мы можем произвести.",
                "Demand for our products is currently higher than we can make.",
            ),
        },
        {
            "ru": (
                "Цены на овощи {in_city} снизились на {pct}% за месяц",
                "Аналитики связывают снижение с новым урожаем и открытием ярмарок.",
                [
                    "Стоимость набора овощей {in_city} за месяц снизилась на {pct}%. Сильнее всего подешевели капуста и морковь.",
                    "В выходные в городе работают {k} сельскохозяйственных ярмарок, где фермеры продают продукцию без посредников.",
                ],
            ),
            "en": (
                "Vegetable prices in {city} fall {pct}% in a month",
                "Analysts link the drop to the new harvest and the opening of farmers' markets.",
                [
                    "The cost of a basket of vegetables in {city} fell by {pct}% over the month, led by cabbage and carrots.",
                    "{k} farmers' markets are open in the city at weekends, where growers sell without middlemen.",
                ],
            ),
            "quote": (
                "Такое снижение обычное для осени, но в этом году оно началось раньше.",
                "A fall like this is normal for autumn, but this year it started earlier.",
            ),
        },
        {
            "ru": (
                "Энергетическая компания вложит {n} млн рублей в сети {city_gen}",
                "Модернизация сократит число отключений света зимой.",
                [
                    "Северная энергетическая компания объявила о программе модернизации электросетей {city_gen}. Объём вложений составит {n} млн рублей.",
                    "Компания заменит старые подстанции и кабели. По расчётам инженеров, число отключений зимой сократится на {pct}%.",
                ],
            ),
            "en": (
                "Power company to invest {n} million roubles in {city}'s grid",
                "The upgrade is meant to cut winter blackouts.",
                [
                    "The Northern Energy Company has announced a programme to upgrade the power grid in {city}, worth {n} million roubles.",
                    "It will replace old substations and cables. Engineers expect winter outages to fall by {pct}%.",
                ],
            ),
            "quote": (
                "Мы меняем сети, которые строились ещё в прошлом веке.",
                "We are replacing networks that were built in the last century.",
            ),
        },
        {
            "ru": (
                "Малый бизнес {in_city} получит льготные кредиты",
                "Программа рассчитана на {n} предприятий, ставка составит {pct}% годовых.",
                [
                    "Региональный фонд поддержки предпринимательства запустил программу льготных кредитов для малого бизнеса {in_city}.",
                    "Программа рассчитана на {n} предприятий. Ставка составит {pct}% годовых, срок кредита до пяти лет.",
                ],
            ),
            "en": (
                "Small businesses in {city} to get cheap loans",
                "The scheme covers {n} firms at an interest rate of {pct}% a year.",
                [
                    "A regional enterprise fund has launched a cheap-loan scheme for small businesses in {city}.",
                    "The scheme covers {n} firms. The rate is {pct}% a year, for terms of up to five years.",
                ],
            ),
            "quote": (
                "Предпринимателям нужны не субсидии, а доступные деньги на развитие.",
                "Entrepreneurs need affordable money to grow, not subsidies.",
            ),
        },
    ],
    "society": [
        {
            "ru": (
                "{in_city_cap} запустят {k} новых автобусных маршрутов",
                "Маршруты свяжут новые жилые районы с центром и вокзалом.",
                [
                    "С понедельника {in_city} начнут работать {k} новых автобусных маршрутов. Они свяжут новые жилые районы с центром города.",
                    "Интервал движения в часы пик составит восемь минут. Все автобусы оборудованы низким полом и валидаторами для банковских карт.",
                ],
            ),
            "en": (
                "{city} launches {k} new bus routes",
                "The routes link new housing estates with the centre and the railway station.",
                [
                    "From Monday, {k} new bus routes will run in {city}, linking new housing estates with the city centre.",
                    "Buses will run every eight minutes at peak times. All have low floors and accept bank cards.",
                ],
            ),
            "quote": (
                "Мы проложили маршруты по заявкам жителей, которые собирали всё лето.",
                "We drew the routes from residents' requests, which we collected all summer.",
            ),
        },
        {
            "ru": (
                "{in_city_cap} открылась новая школа на {big} учеников",
                "В здании есть бассейн, обсерватория и лаборатории.",
                [
                    "{in_city_cap} открылась новая школа, рассчитанная на {big} учеников. Строительство заняло два года.",
                    "В здании есть бассейн, обсерватория на крыше и лаборатории для занятий химией и биологией.",
                ],
            ),
            "en": (
                "New school for {big} pupils opens in {city}",
                "The building has a swimming pool, an observatory and laboratories.",
                [
                    "A new school for {big} pupils has opened in {city} after two years of construction.",
                    "The building has a swimming pool, a rooftop observatory and laboratories for chemistry and biology.",
                ],
            ),
            "quote": (
                "Дети сами предложили, какой должна быть библиотека, и мы сделали так, как они хотели.",
                "The children told us what the library should look like, and we built it their way.",
            ),
        },
        {
            "ru": (
                "Поликлиники {city_gen} перейдут на электронную запись",
                "Записаться к врачу можно будет за пять минут без звонка в регистратуру.",
                [
                    "Все поликлиники {city_gen} до конца года перейдут на электронную запись к врачам. Сейчас так работает {pct}% учреждений.",
                    "По оценке департамента здравоохранения, запись будет занимать не больше пяти минут.",
                ],
            ),
            "en": (
                "Clinics in {city} move to online appointments",
                "Booking a doctor will take five minutes without phoning reception.",
                [
                    "All clinics in {city} will switch to online appointments by the end of the year; {pct}% already have.",
                    "The health department expects booking to take no more than five minutes.",
                ],
            ),
            "quote": (
                "Очереди у регистратуры должны остаться в прошлом.",
                "Queues at the reception desk should be a thing of the past.",
            ),
        },
        {
            "ru": (
                "Волонтёры {in_city} высадили {big} деревьев",
                "Акция прошла в пяти районах города.",
                [
                    "Волонтёры {in_city} за выходные высадили {big} деревьев в пяти районах города. В акции участвовали около тысячи человек.",
                    "Саженцы лип и клёнов предоставил городской питомник. Ухаживать за ними будут коммунальные службы.",
                ],
            ),
            "en": (
                "Volunteers plant {big} trees in {city}",
                "The drive covered five districts of the city.",
                [
                    "Volunteers in {city} planted {big} trees across five districts over the weekend; about a thousand people took part.",
                    "The city nursery supplied lime and maple saplings, which municipal services will look after.",
                ],
            ),
            "quote": (
                "Через десять лет эти улицы будет не узнать.",
                "In ten years you will not recognise these streets.",
            ),
        },
    ],
    "world": [
        {
            "ru": (
                "Страны Балтийского региона договорились о защите морской экологии",
                "Соглашение предусматривает совместный мониторинг {n} участков побережья.",
                [
                    "Представители стран Балтийского региона подписали соглашение о защите морской экологии. Документ готовили почти два года.",
                    "Стороны будут вместе следить за состоянием {n} участков побережья и обмениваться данными каждый месяц.",
                ],
            ),
            "en": (
                "Baltic states agree to protect the marine environment",
                "The agreement provides for joint monitoring of {n} stretches of coastline.",
                [
                    "Representatives of Baltic states have signed an agreement to protect the marine environment after almost two years of talks.",
                    "They will jointly monitor {n} stretches of coastline and share data every month.",
                ],
            ),
            "quote": (
                "Море не знает границ, поэтому и защищать его можно только вместе.",
                "The sea knows no borders, so we can only protect it together.",
            ),
        },
        {
            "ru": (
                "Товарооборот с соседними странами вырос на {pct}%",
                "Больше всего выросли поставки продовольствия и машин.",
                [
                    "Товарооборот с соседними странами за девять месяцев вырос на {pct}%. Об этом говорится в обзоре таможенной службы.",
                    "Сильнее всего выросли поставки продовольствия и сельскохозяйственной техники.",
                ],
            ),
            "en": (
                "Trade with neighbouring countries up {pct}%",
                "Food and machinery shipments grew the most.",
                [
                    "Trade with neighbouring countries rose by {pct}% in nine months, according to a customs service review.",
                    "Food and farm machinery shipments grew the most.",
                ],
            ),
            "quote": (
                "Логистика наладилась, и компании снова планируют поставки на годы вперёд.",
                "Logistics have settled down, and companies are again planning shipments years ahead.",
            ),
        },
        {
            "ru": (
                "Международная конференция по климату открылась {in_city}",
                "В ней участвуют делегации из {m} стран.",
                [
                    "{in_city_cap} открылась международная конференция по изменению климата. В ней участвуют делегации из {m} стран.",
                    "Главная тема встречи — адаптация городов к жаре и наводнениям.",
                ],
            ),
            "en": (
                "International climate conference opens in {city}",
                "Delegations from {m} countries are taking part.",
                [
                    "An international conference on climate change has opened in {city}, with delegations from {m} countries.",
                    "The main topic is how cities adapt to heatwaves and floods.",
                ],
            ),
            "quote": (
                "Мы приехали делиться опытом, а не только слушать доклады.",
                "We came to share experience, not just to listen to speeches.",
            ),
        },
    ],
    "science": [
        {
            "ru": (
                "Учёные {city_gen} создали материал для ремонта костей",
                "Испытания на клеточных культурах показали ускорение заживления на {pct}%.",
                [
                    "Исследователи научного центра {in_city} создали пористый материал для восстановления костной ткани.",
                    "В лабораторных испытаниях на клеточных культурах заживление шло на {pct}% быстрее. Следующий этап — доклинические испытания.",
                ],
            ),
            "en": (
                "Scientists in {city} develop a material to repair bone",
                "Cell-culture tests showed healing {pct}% faster.",
                [
                    "Researchers at a science centre in {city} have developed a porous material for rebuilding bone tissue.",
                    "In laboratory tests on cell cultures, healing was {pct}% faster. Pre-clinical trials come next.",
                ],
            ),
            "quote": (
                "Материал постепенно растворяется, и на его месте вырастает собственная кость.",
                "The material slowly dissolves, and the patient's own bone grows in its place.",
            ),
        },
        {
            "ru": (
                "Студенческий спутник из {city_gen} передал первые снимки",
                "Аппарат массой {k} килограммов собрали студенты местного университета.",
                [
                    "Малый спутник, собранный студентами университета {in_city}, передал на Землю первые снимки.",
                    "Аппарат массой {k} килограммов будет наблюдать за ледовой обстановкой на северных реках.",
                ],
            ),
            "en": (
                "Student satellite from {city} sends its first images",
                "The {k}-kilogram craft was built by students of the local university.",
                [
                    "A small satellite built by university students in {city} has sent its first images back to Earth.",
                    "The {k}-kilogram craft will monitor ice on northern rivers.",
                ],
            ),
            "quote": (
                "Когда пришёл первый снимок, в лаборатории стояла полная тишина, а потом все закричали.",
                "When the first image arrived the lab went completely silent, and then everyone cheered.",
            ),
        },
        {
            "ru": (
                "Биологи насчитали {m} видов птиц в городских парках",
                "Перепись проводили волонтёры по единой методике.",
                [
                    "Биологи и волонтёры подвели итоги переписи птиц в парках {city_gen}. Всего удалось насчитать {m} видов.",
                    "По сравнению с прошлой переписью число видов выросло на {pct}%.",
                ],
            ),
            "en": (
                "Biologists count {m} bird species in city parks",
                "Volunteers carried out the survey using a single method.",
                [
                    "Biologists and volunteers have completed a bird count in the parks of {city}, recording {m} species.",
                    "That is {pct}% more species than at the previous count.",
                ],
            ),
            "quote": (
                "Городские парки оказались гораздо богаче, чем мы думали.",
                "City parks turned out to be far richer than we thought.",
            ),
        },
    ],
    "culture": [
        {
            "ru": (
                "Драмтеатр {city_gen} открыл сезон премьерой",
                "Спектакль по мотивам русской классики идёт {duration} минут без антракта.",
                [
                    "Драматический театр {city_gen} открыл новый сезон премьерой спектакля по мотивам русской классики.",
                    "Постановка идёт {duration} минут без антракта. Билеты на ближайшие показы уже распроданы.",
                ],
            ),
            "en": (
                "{city} drama theatre opens its season with a premiere",
                "The production, based on Russian classics, runs {duration} minutes without an interval.",
                [
                    "The {city} drama theatre has opened its new season with a premiere based on Russian classics.",
                    "The production runs {duration} minutes without an interval. The next performances are sold out.",
                ],
            ),
            "quote": (
                "Мы хотели, чтобы зритель узнал в героях своих соседей.",
                "We wanted the audience to recognise their neighbours in the characters.",
            ),
        },
        {
            "ru": (
                "Кинофестиваль {in_city} покажет {m} фильмов",
                "Программа включает дебюты молодых режиссёров и документальное кино.",
                [
                    "{in_city_cap} стартует кинофестиваль, в программу которого вошли {m} фильмов.",
                    "Отдельная секция посвящена дебютам молодых режиссёров и документальному кино о жизни регионов.",
                ],
            ),
            "en": (
                "Film festival in {city} to show {m} films",
                "The line-up includes debuts by young directors and documentaries.",
                [
                    "A film festival opens in {city} with {m} films in its programme.",
                    "A separate strand is devoted to debuts by young directors and documentaries about life in the regions.",
                ],
            ),
            "quote": (
                "Фестиваль нужен, чтобы такие фильмы вообще дошли до зрителя.",
                "A festival exists so that films like these reach an audience at all.",
            ),
        },
        {
            "ru": (
                "Краеведческий музей {city_gen} открыл выставку старых фотографий",
                "Жители принесли в музей более {big} снимков из семейных архивов.",
                [
                    "Краеведческий музей {city_gen} открыл выставку фотографий города прошлого века.",
                    "Жители принесли в музей более {big} снимков из семейных архивов. Часть из них публикуется впервые.",
                ],
            ),
            "en": (
                "{city} local history museum opens an exhibition of old photographs",
                "Residents brought in more than {big} pictures from family albums.",
                [
                    "The {city} local history museum has opened an exhibition of photographs of the city in the last century.",
                    "Residents brought in more than {big} pictures from family albums, some shown for the first time.",
                ],
            ),
            "quote": (
                "Люди узнают на снимках свои дворы и даже своих родителей.",
                "People recognise their courtyards in the pictures, and even their parents.",
            ),
        },
    ],
    "sport": [
        {
            "ru": (
                "Хоккейный клуб из {city_gen} одержал {k}-ю победу подряд",
                "Команда поднялась на второе место в конференции.",
                [
                    "Хоккейный клуб из {city_gen} одержал {k}-ю победу подряд и поднялся на второе место в конференции.",
                    "Решающую шайбу забросили в овертайме. Следующий матч команда проведёт на выезде.",
                ],
            ),
            "en": (
                "{city} ice hockey club wins {k} in a row",
                "The team has climbed to second place in its conference.",
                [
                    "The {city} ice hockey club has won {k} games in a row, climbing to second place in its conference.",
                    "The decisive goal came in overtime. The team plays its next game away.",
                ],
            ),
            "quote": (
                "Серия — это хорошо, но мы думаем только о следующем матче.",
                "A winning run is nice, but we only think about the next game.",
            ),
        },
        {
            "ru": (
                "Лыжный марафон {in_city} собрал {big} участников",
                "Самому старшему участнику исполнилось 78 лет.",
                [
                    "Традиционный лыжный марафон {in_city} собрал {big} участников из разных регионов.",
                    "Дистанция составила пятьдесят километров. Самому старшему участнику исполнилось 78 лет.",
                ],
            ),
            "en": (
                "Ski marathon in {city} draws {big} competitors",
                "The oldest skier was 78.",
                [
                    "The traditional ski marathon in {city} drew {big} competitors from across the country.",
                    "The course was fifty kilometres long. The oldest skier was 78.",
                ],
            ),
            "quote": (
                "Главное в марафоне — дойти до финиша и получить удовольствие.",
                "The main thing in a marathon is to reach the finish and enjoy it.",
            ),
        },
        {
            "ru": (
                "Футбольный стадион {in_city} откроется после реконструкции",
                "Вместимость арены выросла до {m} тысяч зрителей.",
                [
                    "Стадион {in_city} примет первый матч после двухлетней реконструкции.",
                    "Вместимость арены выросла до {m} тысяч зрителей, над трибунами появилась крыша.",
                ],
            ),
            "en": (
                "{city} football stadium reopens after renovation",
                "The arena now holds {m},000 spectators.",
                [
                    "The stadium in {city} will host its first match after a two-year renovation.",
                    "Capacity has risen to {m},000 and the stands now have a roof.",
                ],
            ),
            "quote": (
                "Болельщики ждали этого дня два года, и мы успели в срок.",
                "The fans waited two years for this day, and we finished on time.",
            ),
        },
    ],
    "regions": [
        {
            "ru": (
                "{in_city_cap} отремонтируют {m} километров дорог",
                "Работы начнутся весной и закончатся до осени.",
                [
                    "Власти {city_gen} утвердили программу ремонта дорог: в следующем году обновят {m} километров.",
                    "Работы будут вести по ночам, чтобы не создавать пробок. Подрядчики дают гарантию пять лет.",
                ],
            ),
            "en": (
                "{city} to resurface {m} kilometres of road",
                "Work begins in spring and ends before autumn.",
                [
                    "The {city} authorities have approved a road programme: {m} kilometres will be resurfaced next year.",
                    "Work will be done at night to avoid jams, and contractors give a five-year guarantee.",
                ],
            ),
            "quote": (
                "Мы начнём с улиц, на которые жители жаловались чаще всего.",
                "We will start with the streets residents complained about most.",
            ),
        },
        {
            "ru": (
                "Набережную {city_gen} откроют после благоустройства",
                "На набережной появились велодорожка и {m} новых скамеек.",
                [
                    "{in_city_cap} завершили благоустройство набережной. На ней появились велодорожка, освещение и {m} новых скамеек.",
                    "Проект обсуждали с жителями на общественных слушаниях, часть предложений учли.",
                ],
            ),
            "en": (
                "{city} embankment reopens after makeover",
                "It now has a cycle path and {m} new benches.",
                [
                    "Work on the embankment in {city} is complete: it now has a cycle path, lighting and {m} new benches.",
                    "The design was discussed with residents at public hearings, and some of their ideas were used.",
                ],
            ),
            "quote": (
                "Набережная снова стала местом, куда хочется прийти вечером.",
                "The embankment is again a place you want to go to in the evening.",
            ),
        },
        {
            "ru": (
                "{in_city_cap} начали сортировать отходы в {k} районах",
                "Контейнеры для раздельного сбора установили во дворах.",
                [
                    "{in_city_cap} запустили раздельный сбор отходов в {k} районах. Контейнеры для пластика, бумаги и стекла установили во дворах.",
                    "По данным оператора, доля отходов, отправленных на переработку, уже выросла на {pct}%.",
                ],
            ),
            "en": (
                "{city} begins sorting waste in {k} districts",
                "Recycling bins have been placed in courtyards.",
                [
                    "{city} has started separate waste collection in {k} districts, with bins for plastic, paper and glass in courtyards.",
                    "The operator says the share of waste sent for recycling has already risen by {pct}%.",
                ],
            ),
            "quote": (
                "Жители сортируют мусор охотнее, чем мы ожидали.",
                "Residents are sorting rubbish more willingly than we expected.",
            ),
        },
    ],
}

# Background paragraphs per section, to give bodies some length.
BACKGROUND = {
    "ru": [
        "Решение обсуждалось несколько месяцев. Эксперты называют его одним из самых заметных в этом году.",
        "Подробности будут опубликованы на официальном сайте в течение недели.",
        "Жители, с которыми поговорил наш корреспондент, в целом поддерживают изменения, но просят сообщать о них заранее.",
        "Ранее похожий проект уже реализовали в нескольких городах страны, и его результаты признали удачными.",
        "Следующий отчёт о ходе работ ожидается в конце квартала.",
    ],
    "en": [
        "The decision had been discussed for several months. Experts call it one of the most significant this year.",
        "Details will be published on the official website within a week.",
        "Residents our correspondent spoke to broadly support the changes but ask to be told about them in advance.",
        "A similar project has already been carried out in several cities, and its results were judged a success.",
        "The next progress report is expected at the end of the quarter.",
    ],
}
EARLIER = {"ru": "Ранее мы писали: ", "en": "Earlier we reported: "}

INFO_PAGES = [
    (
        "about",
        "О нас",
        "About us",
        "<p>«Ньюсдеск» — независимое информационное агентство. Мы публикуем новости на русском и английском языках круглосуточно.</p><p>Редакция работает в нескольких городах страны.</p>",
        "<p>Newsdesk is an independent news agency. We publish news in Russian and English around the clock.</p><p>Our newsroom works from several cities across the country.</p>",
    ),
    (
        "contacts",
        "Контакты",
        "Contacts",
        "<p>Редакция: news@newsdesk.example</p><p>Телефон для новостей: +7 000 000-00-00</p>",
        "<p>Newsroom: news@newsdesk.example</p><p>News tip line: +7 000 000-00-00</p>",
    ),
    (
        "advertising",
        "Реклама",
        "Advertising",
        "<p>По вопросам размещения рекламы пишите на ads@newsdesk.example.</p>",
        "<p>For advertising enquiries write to ads@newsdesk.example.</p>",
    ),
    (
        "editorial-policy",
        "Редакционная политика",
        "Editorial policy",
        "<p>Мы проверяем факты по двум независимым источникам и открыто исправляем ошибки.</p><p>Исправления публикуются в конце статьи с указанием времени.</p>",
        "<p>We check facts against two independent sources and correct mistakes in the open.</p><p>Corrections appear at the end of the article with the time they were made.</p>",
    ),
    (
        "privacy",
        "Политика конфиденциальности",
        "Privacy policy",
        "<p>Сайт не использует рекламные трекеры. Мы храним только технические журналы сервера в течение 14 дней.</p>",
        "<p>This site uses no advertising trackers. We keep only technical server logs, for 14 days.</p>",
    ),
]
