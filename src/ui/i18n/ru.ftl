# Русский каталог chopvault. Ключи, переменные и уровни (.level) те же,
# что в en.ftl (это проверяют тесты); имена команд, параметров, путей и
# файлов не переводятся.

## Имена. Падежи: case = genitive, dative, accusative, instrumental,
## prepositional (без case — именительный).
-chopvault = chopvault
-openbao = OpenBao
-yandex = { $case ->
       *[nominative] Яндекс
        [genitive] Яндекса
        [dative] Яндексу
        [accusative] Яндекс
        [instrumental] Яндексом
        [prepositional] Яндексе
    }
-yandex-disk = { $case ->
       *[nominative] Яндекс Диск
        [genitive] Яндекс Диска
        [dative] Яндекс Диску
        [accusative] Яндекс Диск
        [instrumental] Яндекс Диском
        [prepositional] Яндекс Диске
    }
-disk = { $case ->
       *[nominative] Диск
        [genitive] Диска
        [dative] Диску
        [accusative] Диск
        [instrumental] Диском
        [prepositional] Диске
    }
-keyring = { $case ->
       *[nominative] связка ключей
        [genitive] связки ключей
        [dative] связке ключей
        [accusative] связку ключей
        [instrumental] связкой ключей
        [prepositional] связке ключей
    }
-os-keyring = { $case ->
       *[nominative] связка ключей ОС
        [genitive] связки ключей ОС
        [dative] связке ключей ОС
        [accusative] связку ключей ОС
        [instrumental] связкой ключей ОС
        [prepositional] связке ключей ОС
    }

## Слова префиксов уровней.
prefix-program = { -chopvault }:
prefix-note = заметка:
prefix-warning = предупреждение:
prefix-error = ошибка:
prefix-hint = подсказка:

## Сообщения.

cli-expected-duration = длительность не больше { $days } дней, например 90s, 5m или 1h
cli-work-factor = целое число от { $min } до { $max }
cli-duration-not-zero = длительность больше нуля, например 90s, 5m или 1h
cli-expected-date = ГГГГ-ММ-ДД, время в формате RFC 3339 или 'never'
cli-expected-client-id = ClientID: 32 шестнадцатеричных символа, он показан на странице вашего приложения на oauth.yandex.ru
cli-expected-file-name = простое имя файла внутри папки
cli-expected-visible-text = текст без невидимых символов ({ $code } в позиции { $position } не видно)
cli-variable-name = имя переменной
cli-option = параметр
cli-it-takes = : ожидается { $expected }
cli-secret-value-refused =
    значение, переданное в '{ $arg }', не подходит{ $why }; оно не показано — вдруг это секрет

    { $hint }
    {""}
    .level = usage
cli-whole-number = целое число, например 30
cli-value-cyrillic = ; { $letters } — { $count ->
        [one] русская буква
       *[other] русские буквы
    }: наберите значение латиницей
cli-value-refused =
    значение '{ $given }' не подходит для '{ $arg }'{ $why }{ $layout }

    { $hint }
    {""}
    .level = usage
cli-secret-argument = передан аргумент, которого { -chopvault } здесь не принимает; он не показан — вдруг это секрет.
    .level = usage
cli-secret-argument-hint = значения никогда не передаются аргументами: введите значение в ответ на запрос или используйте --stdin или --from-file FILE. Если это был токен, он теперь в истории вашей оболочки: удалите его оттуда (history -d N или правкой файла истории) и подумайте о замене токена.
    .level = hint
cli-forgotten-dashes = '{ $program }' — это программа или путь, а не аргумент { -chopvault }: перед ним пропущено --.
    .level = usage
cli-forgotten-dashes-hint = Установщик и его аргументы пишутся после --: { $line }
    .level = hint
config-file-invalid = файл настроек { $path } некорректен: { $why }
config-line-unknown = строка { $line } — не настройка { -chopvault } или записана не в той форме
config-not-a-config = это не файл настроек { -chopvault }
context-os-keyring-service = { -os-keyring }, служба '{ $service }'
context-openbao-location = { $addr }, раздел KV v2 '{ $mount }', префикс '{ $prefix }'
context-showing-cached-metadata = { $error }; показаны метаданные, сохранённые при последнем обращении.
    .level = warning
context-index-out-of-date = хранилище { $vault } изменилось после записи его индекса (git pull?); список может быть устаревшим. Обновите его: chopvault reindex
    .level = warning
context-no-index-here = на этой машине ещё нет индекса хранилища { $vault } (свежий клон?), поэтому его записи не показать, не открыв его. Постройте индекс: chopvault reindex
    .level = warning
context-unlock-for-invalid = unlock_for в настройках принимает { $why }, а не '{ $text }'
context-event-log-unwritable = не удалось записать журнал событий { $event_log }: { $error }
    .level = warning
entry-name-length = имя записи содержит от 1 до 128 символов
entry-name-empty-part = части имени записи между косыми чертами не могут быть пустыми, . или ..
error-usage-hint = Что принимает команда: chopvault --help или chopvault COMMAND --help.
error-setting-hint = Исправьте значение или уберите переменную: unset { $var }
error-run-doctor-hint = Запустите chopvault doctor: он проверит настройку и назовёт исправление.
error-command-usage-hint = Что принимает команда: chopvault { $command } --help
error-too-open-hint = Исправьте так: chmod 600 { $path }
error-not-regular-file-hint = Укажите { -chopvault } сам файл.
error-too-large-hint = Проверьте путь: токен, пароль или настройки занимают гораздо меньше.
error-no-space-hint = Освободите место; хранилище осталось как было.
error-not-found-hint = Проверьте путь: там ничего нет.
error-file-belongs-to-root = { $path } принадлежит пользователю { $owner }, а не вам; если его создала команда, запущенная через sudo, верните его себе: sudo chown { $user }: { $path }
error-file-belongs-to-other = { $path } принадлежит пользователю { $owner }, а не вам. Запустите команду от его имени (sudo -u { $user } chopvault …) или попросите у него доступ.
error-permission-on-own-file = Файл ваш, но его права (или права папки на пути к нему) не пускают вас: посмотрите их командой ls -ld { $path } и дайте себе доступ через chmod u+rw (для папки — u+rwx).
error-no-entry-hint = Список записей: chopvault list
error-did-you-mean-entry = Может быть, вы имели в виду '{ $near }'? Список записей: chopvault list
error-wrong-passphrase-hint = Проверьте раскладку клавиатуры и Caps Lock и попробуйте ещё раз; сценарии берут пароль из --passphrase-file.
error-wrong-identity-hint = Укажите в --identity ключ, для которого зашифровано хранилище.
error-no-longer-member-hint = Спросите участника с правом записи, не удалили ли вас; чтобы вас добавили снова, пришлите ему свою карточку: chopvault whoami
error-vault-corrupt-hint = Файл не тронут. Восстановите его из резервной копии или переместите и выполните chopvault init.
error-vault-malformed-hint = Файл не тронут. Посмотрите его: age -d -i IDENTITY { $path } (или age -d для хранилища с паролем); восстановите его из резервной копии или из истории репозитория.
error-vault-missing-hint = Выполните chopvault init или укажите в --vault существующее хранилище.
error-write-conflict-hint = Посмотрите запись ещё раз (chopvault get NAME --json) и повторите команду.
error-bad-identity-hint = Укажите в --identity файл ключа age (такой, как создаёт age-keygen).
error-keyring-hint = { $unlock }. Чтобы хранить значения в файле age: chopvault migrate --to file (там, где { -keyring } открывается) или chopvault init --store file, пока хранилище ещё не настроено.
error-bad-answer-hint = Проверьте, что хранилище — движок KV версии 2, а --addr указывает на сервер { -openbao } или Vault; ничего не изменено.
error-no-store-hint = Выполните: chopvault init
error-no-store-as-root-hint = Вы запустили { -chopvault } от root через sudo: собственные настройки root лежат в { $config }, а хранилище пользователя { $user } не просматривалось и не менялось. Чтобы работать с ним, запустите команду без sudo (или так: sudo -u { $user } chopvault …); чтобы завести хранилище для самого root: chopvault init
error-not-owner-hint = Запустите её от имени владельца: sudo -u { $user } chopvault …
error-no-home-hint = Задайте HOME или XDG_DATA_HOME.
error-needs-force-hint = Запустите команду в терминале, чтобы ответить на вопрос, или передайте --force в сценарии.
error-config-invalid-hint = Исправьте или удалите эту строку (файл пишет { -chopvault }; секретов в нём нет) или переместите файл и выполните chopvault init.
error-not-ascii-hint = Скопируйте токен из { -yandex(case: "genitive") } ещё раз; для значения, которое не является токеном { -yandex(case: "genitive") }, передайте --kind generic.
error-invisible-character-hint = Скопируйте токен ещё раз или наберите его: этот символ не виден, но был бы сохранён.
error-bad-value-hint = Проверьте, что на входе только токен, одной строкой.
error-expired-hint = Получите новый токен: chopvault rotate { $name }. Чтобы всё равно выгрузить этот: --allow-expired.
error-no-terminal-hint = Передайте значение через конвейер с --stdin или импортируйте файл с --from-file.
error-run-again-hint = Запустите команду ещё раз.
error-index-invalid-hint = Секретов в нём нет: переместите его и сохраните каждую запись заново или восстановите его из резервной копии.
error-export-exists-hint = Сначала удалите его или передайте --replace, чтобы перезаписать.
error-export-symlink-hint = Удалите ссылку; { -chopvault } никогда не пишет через ссылки.
error-export-busy-hint = Дождитесь окончания (без --no-wait { -chopvault } ждёт сам) или выгрузите в другую папку.
error-export-no-folder-hint = Создайте её или укажите в --dir (или в CHOP_DEPLOY) распакованную папку CHOP_DEPLOY.
error-token-rejected-hint = Вероятные причины: срок истёк, токен отозван, сменились пароль или 2FA аккаунта или права приложения. Получите новый: chopvault rotate NAME
error-unreachable-hint = Проверьте сеть и настройки прокси и попробуйте ещё раз; ничего не изменено.
error-paste-hint = Вставьте токен, который показал { -yandex }, или весь адрес, на котором остановился браузер.
error-already-initialised-hint = Чтобы начать заново, переместите файл настроек; хранилища никогда не перезаписываются.
error-not-yandex-hint = Если это токен { -yandex-disk(case: "genitive") }, сохраните его как таковой: chopvault set { $name } --kind yandex-disk --force
error-migrate-conflicts-hint = Посмотрите эти записи в новом хранилище; чтобы перезаписать их значениями из старого, передайте --force.
error-migrate-unknown-secret-hint = Обновите { -chopvault } до версии, которая это знает, или перенесите запись вручную командами get и set.
error-migrate-mismatch-hint = Ничего не переключено и не удалено; проверьте новое хранилище (chopvault doctor) и запустите migrate ещё раз.
error-migrate-cleanup-hint = Запустите chopvault migrate --to { $to } ещё раз, чтобы удалить их до конца.
error-migrate-journal-hint = Секретов в нём нет: если перенос сейчас не идёт, удалите его ({ $path }) и повторите команду.
error-io-hint = Проверьте, что путь или вывод доступен для записи (диск заполнен, канал закрыт?), и повторите команду.
error-needs-answer-hint = Передайте его на stdin с --stdin (по одному ответу в строке).
error-vault-exists-hint = Используйте его через --vault или выберите другой путь; существующее хранилище никогда не перезаписывается.
error-no-server-hint = Выполните chopvault init --store openbao --addr URL ещё раз.
error-already-holds-hint = Замените его: chopvault rotate { $name }
error-new-token-rejected-hint = Убедитесь, что у приложения есть права на { -yandex-disk }, и начните заново.
error-account-changed-hint = Войдите в нужный аккаунт и повторите rotate или передайте --allow-account-change.
error-no-refresh-token-hint = Получите новый токен: chopvault rotate { $name } --code (или --device), чтобы он был и впредь
error-no-client-secret-hint = Замените токен один раз с --code или --device, чтобы сохранить его: chopvault rotate { $name }
error-not-wiped-hint = Удалите его вручную или выполните: chopvault cleanup
error-rekey-interrupted-hint = Хранилище по-прежнему открывается старым паролем. Переместите файл ключа (mv { $key } { $key }.unused) и запустите chopvault rekey ещё раз.
error-no-key-file-hint = Преобразуйте его один раз: chopvault rekey (потом оно открывается одним scrypt за сеанс).
error-agent-load-hint = Команды продолжают работать: они спрашивают пароль. См. chopvault doctor.
error-agent-socket-unsafe-hint = Нужна ваша папка, куда можете писать только вы (chmod 700), или уберите CHOPVAULT_AGENT_SOCKET, если она указывает на чужой сокет. Команды продолжают работать: они спрашивают пароль.
error-agent-unreachable-hint = Если агент ещё работает, завершите его: pkill -u $USER -f 'chopvault agent-serve' (его сокет: { $socket }).
error-unlock-again-hint = Запустите команду ещё раз; если агент тем временем заблокирован, разблокируйте его (chopvault unlock) или дайте команде спросить пароль.
error-signing-identity-hint = Используйте ключ, созданный age-keygen или chopvault init --generate-identity.
error-send-your-card-hint = Отправьте свою карточку (chopvault whoami) участнику с правом записи и попросите выполнить: chopvault recipients add CARD
error-ask-to-be-added-hint = Попросите участника с правом записи добавить вашу карточку: chopvault recipients add CARD
error-lower-work-factor-hint = Его записала другая программа с такой стоимостью. Понизьте её там, где хватает памяти: chopvault rekey --work-factor 18.
error-restore-signed-hint = Из него ничего не прочитано. Восстановите его и { $sig } из истории репозитория; если вы знаете, почему подписи нет, обсудите это с командой, прежде чем выполнить: chopvault members accept
error-accept-members-hint = Из него ничего не прочитано. Если команда добавила этого участника и участник, которому вы доверяете, это подтверждает, примите изменение, прочитав его: chopvault members accept
error-set-again-hint = Сохраните его заново: chopvault set { $name }
error-trust-ca-hint = Укажите УЦ, который его подписал: chopvault init --store openbao --ca-cert FILE (или исправьте сертификат сервера).
error-check-mount-hint = Проверьте хранилище и префикс (chopvault status).
error-weak-passphrase-hint = Запустите команду ещё раз и выберите пароль длиннее.
error-empty-passphrase-hint = Введите пароль или запишите его в первую строку файла пароля.
error-no-recipients-hint = Командное хранилище создаётся с ключами: chopvault init --vault team.age --generate-identity --recipient CARD
error-no-members-hint = Участники бывают только у хранилищ с ключами; см. chopvault recipients --help.
error-members-not-accepted-hint = Хранилище по-прежнему отвергается. Сверьте изменение с командой и снова выполните chopvault members accept.
error-members-accept-needs-yes-hint = Прочтите показанное выше изменение, сверьте его с командой, затем выполните: chopvault members accept --yes
error-not-passphrase-vault-hint = Сменить можно только пароль файла ключа: он лежит рядом с хранилищем как VAULT.key.age.
error-not-a-recipient-hint = Список: chopvault recipients list
error-ambiguous-member-hint = Укажите, кого именно: его карточкой или его получателем age, как показано выше.
error-last-recipient-hint = Сначала добавьте другого получателя.
error-last-writer-hint = Сначала добавьте карточку другого участника: chopvault recipients add CARD
error-would-lock-you-out-hint = Передайте --force, если вы действительно этого хотите.
error-excessive-work-hint = Его записала другая программа с такой стоимостью. Расшифруйте его через age -d на машине, где хватает памяти, и сохраните записи в хранилище, созданное chopvault init.
error-io-failed = не удалось { $doing }: { $error }
error-needs-answer = нужно ввести { $what }, а терминала, чтобы спросить, нет
error-vault-exists = { $path } уже существует; существующее хранилище никогда не перезаписывается
error-no-server = в настройках указано хранилище openbao, но не указан сервер
error-already-holds = '{ $name }' уже содержит токен
error-new-token-rejected = { -yandex } отвергает новый токен (HTTP { $status } { $error }); ничего не сохранено
error-account-changed = новый токен принадлежит аккаунту { -yandex(case: "genitive") } '{ $after }', а не '{ $before }'; ничего не изменено
error-no-refresh-token = у '{ $name }' нет токена обновления (у токенов, полученных вручную, его нет)
error-no-client-secret = секрет клиента для '{ $name }' не сохранён
error-not-wiped = не удалось удалить { $path }: { $error }
error-stored-not-wiped = токен сохранён в записи '{ $name }', но стереть { $path } не удалось: { $error }
error-stored-not-wiped-hint = Запись сохранена (импортировать заново не нужно). В файле по-прежнему лежит открытый токен: удалите его от имени того, кто может писать в его папку (shred -u { $path }), или перенесите в другое место.
error-rekey-interrupted = { $key } существует, но хранилище { $vault } всё ещё открывается паролем: прошлый rekey был прерван
error-no-key-file = хранилище { $vault } открывается паролем и создано до файлов ключей ({ $key } не существует): агент не может держать его пароль
error-agent-load = агент не смог принять ключ: { $error }
error-agent-unreachable = не удалось связаться с агентом: { $error }
error-no-store = хранилище ещё не настроено
error-root-on-users-file = { $path } принадлежит пользователю { $owner }, а команда запущена от root: всё записанное ею досталось бы root, и владелец потерял бы к этому доступ; ничего не прочитано и не изменено
error-no-home = непонятно, где хранить ваши файлы: HOME не задана
error-value-refused = значение из источника «{ $from }» не принято: { $error }
error-needs-force = '{ $name }' содержит { $what }; ничего не сделано: чтобы { $action } без вопроса, передайте --force
error-expired = срок токена в '{ $name }' истёк { $days ->
        [0] сегодня
        [one] { $days } день назад
        [few] { $days } дня назад
       *[other] { $days } дней назад
    }; установщик получил бы мёртвый токен
error-already-initialised = хранилище уже настроено: { $what }
error-not-yandex = '{ $name }' — запись типа generic: проверять, заменять и обновлять через { -yandex } можно только токены yandex-disk
fsutil-io-failed = не удалось { $action } { $path }: { $source }
fsutil-not-regular = { $path } — символическая ссылка или не обычный файл; использовать его нельзя
fsutil-too-large = { $path } больше { $limit } — больше из такого файла { -chopvault } не читает; файл не прочитан
fsutil-size-kib = { $size } КиБ
fsutil-size-mib = { $size } МиБ
lib-sweep-removed = удалён { $path }, оставленный прерванной выгрузкой.
    .level = info
lib-sweep-file-replaced = прерванная выгрузка записала { $path }, но теперь там другое содержимое; файл не тронут.
    .level = warning
lib-sweep-remove-failed = не удалось удалить { $path }, оставленный прерванной выгрузкой: { $error }. Удалите его вручную.
    .level = warning
lib-sweep-dropped-record = отброшена запись журнала выгрузок с файлом { $path }, который выгрузка никогда не пишет; ничего не тронуто.
    .level = warning
lib-sweep-foreign-export = выгрузка { $path } записана на другой машине или в другом пространстве PID; она может ещё идти, поэтому файл не тронут. Если она закончилась: chopvault cleanup --force
    .level = note
lib-sweep-refused = { $why }
    .level = warning
lifecycle-stdin-ended = stdin закончился раньше, чем было введено: { $what }
lifecycle-prompt = запрос
lifecycle-machine = эта машина
lifecycle-device-name = { -chopvault } на { $host }
lifecycle-open-address-for-code =
    Откройте этот адрес, войдите в аккаунт, на { -disk } которого идут резервные копии, и разрешите доступ:

    {"  "}{ $url }

    Затем { -yandex } покажет код подтверждения.
lifecycle-open-address-for-token =
    Откройте этот адрес, войдите в аккаунт, на { -disk } которого идут резервные копии, и разрешите доступ:

    {"  "}{ $url }

    Затем вставьте токен, который покажет { -yandex } (или весь адрес, на котором остановится браузер).
lifecycle-device-code = На любом устройстве откройте { $verification_url } и введите код { $user_code }
lifecycle-not-confirmed-in-time = не подтверждено за { $expires_in } с
lifecycle-owner-unknown = владелец неизвестен (токен папки приложения)
lifecycle-disk-used = , занято { $used } из { $total } { -disk(case: "genitive") }
migrate-conflicts = в новом хранилище уже есть другие значения с именами { $names }; ничего не перенесено
migrate-unknown-secret = '{ $name }' хранит рядом со значением секрет '{ $secret }', который эта версия { -chopvault } перенести не может; ничего не перенесено
migrate-read-back-differs = '{ $name }', прочитанное из нового хранилища, отличается от записанного; в настройках по-прежнему старое хранилище
migrate-journal-unusable = журнал переноса { $path } нельзя использовать: { $why }
migrate-cleanup-failed = перенос выполнен, но удалить старые копии из { $location } не удалось: { $error }
migrate-from-store = из хранилища { $from }
migrate-not-a-journal = это не журнал { -chopvault }
prompt-no-terminal = нет терминала, чтобы спросить
prompt-mismatch = два ввода не совпадают
prompt-nothing-entered = ничего не введено
prompt-read-failed = не удалось прочитать ввод: { $error }
prompt-y-n = { $question } [y/N, д — да]{" "}
prompt-weak-passphrase = этот пароль слабый ({ $why }): любой, кто скопирует папку хранилища, сможет подбирать его без ограничений. Четыре и более случайных слова дают надёжный пароль.
    .level = warning
secret-value-empty = значение пустое
secret-value-not-utf8-text = значение — не текст UTF-8
secret-value-too-long = длина значения — { $bytes } байт; принимается не больше { $max }
secret-value-has-whitespace = внутри значения есть пробельный символ (символ { $position })
secret-value-has-control-character = в значении есть управляющий символ (символ { $position })
sign-not-ssh-signature = это не подпись SSH
sign-not-chopvault-signature = это не подпись { -chopvault } ({ $why })
agent-not-running = агент не запущен
agent-folder-failed = не удалось создать папку агента { $dir }: { $error }
agent-closed-connection = агент закрыл соединение (он отвечает только своему пользователю)
agent-request-failed = агент не принял запрос: { $error }
agent-no-answer = агент не ответил: { $error }
agent-answer-not-understood = ответ агента не понят
agent-did-not-sign = агент не подписал
agent-refused-identity = агент отказался принять ключ
agent-server-no-binary = не найден исполняемый файл { -chopvault }: { $error }
agent-server-start-failed = не удалось запустить агент: { $error }
agent-server-did-not-start = агент не запустился: { $output }
agent-server-start-timed-out = агент не запустился вовремя
agent-server-listen-failed = не удалось слушать { $path }: { $error }
export-journal-not-private = журнал выгрузок { $dir } — не ваша личная папка (она должна принадлежать вам и иметь права 0700); ничего не очищено. Исправьте так: chmod 700 { $dir }
export-already-exists = { $path } уже существует
export-target-symlink = { $path } — символическая ссылка; писать через неё нельзя
export-no-folder = папки { $path } не существует
export-busy = { $path } сейчас использует другая выгрузка
export-supervise-signal-handlers-failed = не удалось установить обработчики сигналов: { $error }
export-supervise-lost-installer = потерян контроль над установщиком: { $error }
export-supervise-installer-not-found = установщик { $installer } не найден
    .level = error
export-supervise-installer-not-executable = установщик { $installer } не исполняемый (chmod +x)
    .level = error
export-supervise-installer-start-failed = не удалось запустить установщик { $installer }: { $error }
    .level = error
export-supervise-token-file-removed-hint = файл токена удалён; проверьте команду после --.
    .level = hint
export-supervise-no-inotify = inotify недоступен: { $error }
export-supervise-watch-failed = не удалось следить за { $path }: { $error }
export-supervise-remove-after-read-needs-linux = --remove-after-read работает только в Linux (inotify)
export-confine-as-user-needs-root = --as-user { $user } требует root: запустить установщик от имени другого пользователя может только root
export-confine-as-user-needs-root-hint = Запустите выгрузку от root (sudo chopvault export … --as-user USER) и укажите непривилегированного пользователя.
export-confine-as-user-root = --as-user { $user } — это root (uid 0): установщик сохранил бы все права
export-confine-no-such-user = пользователя { $user } нет в /etc/passwd
export-confine-no-such-user-hint = Укажите локального пользователя (см. getent passwd), например служебную учётную запись для установщика.
export-confine-user-cannot-reach = { $user } не доберётся до { $dir }: { $folder } (права { $mode }) его не пускает
export-confine-user-cannot-reach-hint = Откройте проход через { $folder } пользователю установщика (chmod o+x или его группа) или выгружайте в папку, до которой он доберётся.
export-confine-sandbox-as-root = --sandbox не удержит установщик, работающий от root: root снимет то, что прячет сессию
export-confine-sandbox-as-root-hint = Добавьте --as-user USER: другого пользователя не пустит сама система, с --sandbox или без.
export-confine-sandbox-bus-outside = --sandbox не может спрятать сессионную шину { $bus }: она не в папке выполнения
export-confine-sandbox-bus-outside-hint = Запускайте выгрузку из сессии, где шина — $XDG_RUNTIME_DIR/bus, или без DBUS_SESSION_BUS_ADDRESS.
export-confine-sandbox-unavailable = --sandbox здесь невозможен (нужны `unshare` и пространства имён пользователей): { $why }
export-confine-sandbox-unavailable-hint = Ничего не записано. Разрешите непривилегированные пространства имён пользователей (sysctl kernel.unprivileged_userns_clone=1 или профиль AppArmor для unshare) либо запускайте от root с --as-user USER.
export-tokenfile-folder-of-another-user = { $folder } принадлежит другому пользователю (uid { $uid }), который может подменить папку или файл в ней
export-tokenfile-folder-writable-by-others = { $folder } доступна на запись другим пользователям и не имеет sticky-бита: любой из них может подменить файл или папку (chmod go-w { $folder })
export-tokenfile-network-file-system = { $dir } находится в сетевой файловой системе ({ $fs_name }): токен пойдёт по сети, а стирание не достанет копий на сервере
export-tokenfile-in-git-work-tree = { $dir } находится внутри рабочей копии git { $top }, и { $file_name } не игнорируется: добавьте его в .gitignore
yandex-disk-api-error = HTTP { $status } { $name } от API { -disk(case: "genitive") }
yandex-disk-api-status = HTTP { $status } от API { -disk(case: "genitive") }
yandex-disk-probe-error = HTTP { $status } от пробного запроса к API { -disk(case: "genitive") }
yandex-disk-upload-link-error = HTTP { $status } { $error_name } при запросе ссылки для загрузки
yandex-disk-upload-error = HTTP { $status } при загрузке пробного файла
yandex-disk-probe-delete-failed = не удалось удалить пробный файл
yandex-disk-probe-delete-unfinished = удаление пробного файла не завершилось
yandex-disk-probe-delete-error = HTTP { $status } { $error_name } при удалении пробного файла
yandex-http-unexpected-body = HTTP { $status } с телом, которое не является ожидаемым JSON (строка { $line }, столбец { $column })
yandex-http-https-setup-failed = не удалось настроить HTTPS: { $error }
yandex-http-no-answer = нет ответа от { -yandex(case: "genitive") } за { $seconds } с ({ $attempt ->
        [one] { $attempt } попытка
        [few] { $attempt } попытки
       *[other] { $attempt } попыток
    }; последняя: { $last_error })
yandex-http-status-after-tries = HTTP { $status } после { $attempt ->
        [one] { $attempt } попытки
       *[other] { $attempt } попыток
    }
yandex-http-answer-broke-off = ответ оборвался: { $error }
yandex-http-certificate-not-trusted = TLS-сертификату сервера нет доверия (прокси перехватывает HTTPS?)
yandex-http-request-timed-out = время ожидания запроса истекло
yandex-http-cannot-connect = не удалось подключиться (нет сети, DNS, прокси или межсетевой экран?)
yandex-token-rejected = { -yandex } отвергает токен (HTTP { $status } { $error })
yandex-oauth-error = { -yandex } OAuth: { $meaning } ({ $error })
yandex-oauth-error-described = { -yandex } OAuth: { $meaning } ({ $error }: { $description })
yandex-unreachable = { -yandex } недоступен: { $why }
yandex-answer-not-understood = ответ { -yandex(case: "genitive") } не понят: { $why }
yandex-url-not-https = в { $var } нужен адрес https://: каждый запрос несёт токен, а простой HTTP допустим только к этой машине (127.0.0.1, ::1, localhost), для тестовой заглушки. Ничего не отправлено
yandex-setting-number = { $var } принимает число от { $min } до { $max }. Ничего не отправлено
yandex-oauth-browser-error = браузер вернулся с ошибкой: { $meaning } ({ $error })
yandex-oauth-browser-error-described = браузер вернулся с ошибкой: { $meaning } ({ $error }: { $description })
yandex-oauth-no-token-in-url = во вставленном адресе нет access_token
yandex-oauth-pasted-token-unusable = вставленный токен не подходит: { $error }
yandex-oauth-odd-access-token = токен доступа, присланный { -yandex(case: "instrumental") }, странный: { $error }
yandex-oauth-odd-refresh-token = токен обновления, присланный { -yandex(case: "instrumental") }, странный: { $error }
yandex-oauth-server-status = HTTP { $status } от сервера OAuth
yandex-oauth-odd-device-code = странный код устройства: { $error }
vault-index-damaged = индекс метаданных повреждён: { $why }
vault-index-line-column = строка { $line }, столбец { $column }
vault-index-unknown-format = { $path } — не индекс, который читает эта версия { -chopvault }
store-keyring-call-failed = не удалось начать обращение к { -keyring(case: "prepositional") }: { $error }
store-keyring-timeout-while = за { $seconds } с во время действия: { $what }
store-keyring-locked-no-answer = { $provider } заблокирован: он не ответил { $waited } (возможно, ждёт окна разблокировки)
store-keyring-no-answer = { -keyring } не ответила { $waited }
store-keyring-not-available = { -keyring } недоступна: { $why }
store-keyring-locked-or-refused = { -keyring } заблокирована или отказала в доступе: { $why }
store-keyring-value-not-ours = значение '{ $name }' в { -keyring(case: "prepositional") } — не текст, записанный { -chopvault }
store-keyring-several-values = в { -keyring(case: "prepositional") } несколько значений для '{ $name }'
store-keyring-several-values-hint = Удалите лишние (secret-tool clear service { $service } username { $name }) и сохраните значение заново.
store-keyring-refused = { -keyring } отказала: { $why }
store-keyring-longer-than = { $attr } длиннее { $max }
store-keyring-invalid = { $attr } некорректен: { $why }
store-keyring-not-supported = не поддерживается: { $what }
store-keyring-bad-store-format = неверный формат хранилища: { $why }
store-keyring-unexpected-error = неожиданная ошибка { -keyring(case: "genitive") }
store-keyring-none-supported = в этой системе нет поддерживаемой { -keyring(case: "genitive") }
store-keyring-no-answer-in-time = { -keyring } не ответила за { $waited }
store-keyring-locked = { $provider } заблокирован
store-keyring-no-default-collection = у { $provider } нет коллекции по умолчанию для хранения значений
store-keyring-no-answer-checking-access = { -keyring } не ответила за { $waited } при проверке доступа
store-keyring-item-unusable = значение { $service }/{ $user } в { -keyring(case: "prepositional") } не подходит: { $why }
store-keyring-store-again = Сохраните его заново.
store-keyring-value-unusable = значение '{ $name }' в { -keyring(case: "prepositional") } не подходит: { $why }
store-memory-keyring-locked = { -keyring } заблокирована
store-memory-unlock = Разблокируйте её.
store-weak-passphrase-declined = нужен более надёжный пароль; ничего не изменено
store-passphrases-differ = два пароля не совпадают
store-passphrase-empty = пароль пустой
store-passphrase-vault-no-recipients = это хранилище открывается паролем, получателей у него нет
store-passphrase-vault-no-members = у хранилища с паролем нет участников, которых можно закрепить
store-members-not-accepted = ничего не закреплено: изменение не принято
store-members-accept-needs-yes = members accept спрашивает перед тем, как закрепить, а спросить негде: терминала нет
store-vault-not-passphrase-vault = хранилище { $path } открывается не паролем
store-not-a-recipient = { $who } — не получатель этого хранилища
store-ambiguous-member =
    имя '{ $name }' у { $count ->
        [one] { $count } участника
       *[other] { $count } участников
    }; никто не удалён:
    { $cards }
store-last-recipient = тогда у хранилища не останется ни одного получателя
store-last-writer = тогда у хранилища не останется ни одного участника с правом записи
store-would-lock-you-out = тогда вы потеряете доступ: не останется ни одного из ваших ключей
store-excessive-work-factor = хранилище { $path } требует коэффициент работы scrypt { $required }, больше предела chopvault { $max } (для 2^{ $max } нужно 4 ГиБ памяти)
store-no-entry = записи с именем '{ $name }' нет
store-vault-locked-wrong-passphrase = хранилище осталось заблокированным: неверный пароль
store-vault-locked-wrong-identity = хранилище осталось заблокированным: ключ { $path } не входит в число тех, для которых оно зашифровано
store-vault-locked-no-longer-member = хранилище осталось заблокированным: оно больше не зашифровано для ключа { $path }, хотя в прошлый раз эта машина видела вас среди участников: скорее всего, вас из него удалили
store-vault-cannot-read = хранилище { $path } не читается: { $why }
store-vault-malformed = хранилище { $path } испорчено: { $error }; из него ничего не прочитано
store-vault-missing = хранилища { $path } не существует
store-write-conflict = '{ $name }' изменил другой процесс (версия { $expected } стала { $found }); ничего не перезаписано
store-identity-unusable = файл ключа { $path } не подходит: { $why }
store-bad-answer = { $from } ответил то, чего { -chopvault } не понимает: { $why }
store-openbao-token-env-unusable = { $var } — неподходящий токен: { $error }
store-openbao-token-file-unusable = файл токена { $file } не подходит: { $error }
store-openbao-no-token = нет токена { -openbao } для { $addr }
store-openbao-not-pem-certificate = { $ca } — не сертификат PEM
store-openbao-https-setup-failed = не удалось настроить HTTPS: { $error }
store-openbao-no-address = адрес { -openbao } не настроен
store-openbao-client-certificate-unusable = клиентский сертификат { $cert } с ключом { $key } не подходит (нужны сертификат PEM и его закрытый ключ)
store-openbao-client-certificate-half = для клиентского сертификата нужны обе переменные, BAO_CLIENT_CERT и BAO_CLIENT_KEY (или client_cert и client_key в настройках)
store-openbao-token-policy-hint = Проверьте токен (BAO_TOKEN, файл токена или { -keyring }) и его политику: нужны create, read, update и delete на { $mount }/data/{ $prefix }* и read и list на { $mount }/metadata/{ $prefix }*.
store-openbao-certificate-not-trusted = { -openbao } на { $addr }: его TLS-сертификату нет доверия
store-openbao-timed-out = время ожидания истекло
store-openbao-connection-refused = соединение отвергнуто или нет маршрута
store-openbao-unreachable = { -openbao } на { $addr } недоступен: { $why }
store-openbao-answer-broke-off = ответ { -openbao } оборвался: { $error }
store-openbao-sealed = { -openbao } на { $addr } запечатан (sealed)
store-openbao-permission-denied = { -openbao } отказал: нет прав ({ $errors })
store-openbao-node-could-not-answer = { -openbao } на { $addr } не смог ответить: { $why }
store-openbao-node-state = { $addr } ({ $why })
store-openbao-no-node-answered = ни один узел { -openbao } не ответил за { $secs } с: { $nodes }
store-openbao-failover = ответил { -openbao } на { $node } ({ $first }: { $why })
    .level = info
store-openbao-no-such-mount = на { -openbao } { $addr } по пути '{ $mount }' не подключено ни одно хранилище секретов
openbao-node-certificate-not-trusted = его TLS-сертификату нет доверия
openbao-node-wants-client-certificate = он требует клиентский TLS-сертификат
openbao-node-client-certificate-unknown-ca = он не принял наш клиентский TLS-сертификат: не доверяет УЦ, который его подписал
openbao-node-client-certificate-expired = он не принял наш клиентский TLS-сертификат: срок его действия истёк
openbao-node-client-certificate-revoked = он не принял наш клиентский TLS-сертификат: сертификат отозван
openbao-node-client-certificate-refused = он не принял наш клиентский TLS-сертификат
openbao-node-sealed = запечатан (sealed)
openbao-node-standby-unknown-leader = резервный узел; он отправил запрос лидеру на { $leader }, а этого адреса нет среди настроенных
openbao-node-standby-no-leader = резервный узел, а лидер ещё не выбран
openbao-node-rate-limited-wait = превышена квота на частоту запросов; сервер просит подождать { $secs } с
openbao-node-rate-limited = превышена квота на частоту запросов, и ожидание не помогло (сервер не сказал, сколько ждать)
openbao-node-not-caught-up = он ещё не получил последнюю запись
openbao-node-status = HTTP { $status }: { $errors }
store-openbao-read-status = { -openbao } ответил HTTP { $status } при чтении '{ $name }'
store-openbao-read-status-said = { -openbao } ответил HTTP { $status } при чтении '{ $name }': { $said }
store-openbao-deleted = '{ $name }' удалена на сервере (версия { $version })
store-openbao-deleted-hint = Восстановите так: bao kv undelete -mount={ $mount } -versions={ $version } { $prefix }{ $name }
store-openbao-value-unusable = значение '{ $name }' на сервере не подходит: { $error }
store-openbao-about-entry = { -openbao } на { $addr } (о '{ $name }')
store-openbao-not-kv2-answer = не ответ KV версии 2 (строка { $line }, столбец { $column })
store-openbao-write-status = { -openbao } ответил HTTP { $status } при записи '{ $name }'
store-openbao-version-not-number = версия — не число
store-openbao-token-not-accepted = { -openbao } на { $addr } не принимает токен (HTTP { $status })
store-openbao-delete-status = { -openbao } ответил HTTP { $status } при удалении '{ $name }'
store-provider-gnome-keyring-unlock = Разблокируйте GNOME Keyring: войдите в графический сеанс или выполните gnome-keyring-daemon --unlock
store-provider-keepassxc-unlock = Разблокируйте базу в KeePassXC, включив интеграцию Secret Service и открыв для неё группу (Настройки базы данных → Интеграция со Secret Service; Database Settings → Secret Service Integration)
store-provider-kwallet-unlock = Откройте бумажник в KWallet (kwalletmanager)
store-provider-other-unlock = Разблокируйте { -keyring(case: "accusative") }, которую обслуживает { $name }
store-file-armor-damaged = текстовая обёртка (armor) повреждена: { $why }
store-file-document-invalid = расшифрованное содержимое — не корректный документ хранилища (строка { $line }, столбец { $column })
store-file-document-duplicate = в расшифрованном содержимом одна запись или поле названы дважды (строка { $line }, столбец { $column }), и разные программы могли бы прочитать разные значения
store-file-document-not-a-vault = оно расшифровывается, но это не хранилище { -chopvault }
store-file-document-too-new = его записала более новая версия { -chopvault } (версия документа { $version }; эта читает до { $supported })
store-file-keyfile-excessive-work-factor = ключ { $path } требует коэффициент работы scrypt { $required }, больше предела chopvault { $max } (для 2^{ $max } нужно 4 ГиБ памяти)
store-file-work-factor-env = { $var } принимает целое число от { $min } до { $max }: ниже 2^{ $min } пароль украденного файла ключа подбирается слишком дёшево
store-file-agent-sign-failed = агент, который держит ключ хранилища, не смог подписать запись в { $path }: { $error }
store-file-unlocked-for = разблокировано на { $duration } (unlock_for в настройках); заблокировать раньше: chopvault lock.
    .level = info
store-file-agent-not-started = агент не запущен: { $error }.
    .level = note
store-file-new-key-interrupted = предыдущий rekey --new-key был прерван: введите новый пароль (или старый, если хранилище ещё не успело измениться).
    .level = info
store-file-new-key-finished = прерванный rekey --new-key доведён до конца: в { $key } теперь новый ключ.
    .level = info
store-file-agent-dropped-old-key = агент держал старый ключ и забыл его; новый возьмёт chopvault unlock.
    .level = info
store-file-agent-may-hold-old-key = агент не ответил ({ $error }); возможно, он всё ещё держит старый ключ: chopvault lock его остановит.
    .level = note
store-file-asking-passphrase-instead = { $error }; вместо этого спрашиваю пароль.
    .level = note
store-file-agent-key-wrong-vault = у агента есть ключ для этого хранилища, но он его не открывает (хранилище создали заново?); запрашиваю пароль. chopvault unlock передаст агенту новый ключ.
    .level = info
store-file-pending-signature-settled = запись на этой машине прервалась до того, как .sig хранилища встал на место; теперь .sig лежит рядом с хранилищем (закоммитьте его вместе с хранилищем).
    .level = info
store-file-wrong-passphrase = неверный пароль; попробуйте ещё раз ({ $left ->
        [one] осталась { $left } попытка
        [few] осталось { $left } попытки
       *[other] осталось { $left } попыток
    }).
    .level = info
store-file-identity-vault-needs-identity = хранилищу с ключами нужен ключ
store-file-identity-vault-needs-identity-hint = Передайте --identity FILE или --generate-identity.
store-file-signed-vault-now-passphrase = хранилище { $path } было подписанным хранилищем с ключами, а теперь открывается паролем: его могли подменить
store-file-signed-vault-now-passphrase-hint = Из него ничего не прочитано. Восстановите его из истории репозитория или обсудите с командой.
store-file-no-identity-given = хранилище { $path } зашифровано для ключей age, а ключ не указан
store-file-no-identity-given-hint = Передайте --identity FILE или задайте CHOPVAULT_IDENTITY.
store-file-first-use-pinned = хранилище { $shown_path } впервые используется здесь: его участники закреплены: { $members } (подписал { $signer }). Сверьте их с командой; записи, сделанные кем-то другим, будут отвергаться.
    .level = info
store-file-members-changed = участники изменились: { $change } (подписал { $signer })
    .level = info
store-file-now-signed = хранилище { $shown_path } теперь подписано участником { $signer }; его участники закреплены: { $members }
    .level = info
store-file-unsigned = хранилище { $shown_path } не подписано (оно записано до того, как { -chopvault } стал подписывать хранилища); следующая запись его подпишет
    .level = warning
store-file-identity-cannot-sign = в файле ключа нет ключа X25519 (AGE-SECRET-KEY-1…), поэтому запись нельзя подписать
store-file-signed-from-now-on = теперь хранилище подписывается, и вы его единственный участник с правом записи; остальные получатели могут читать. Попросите у каждого карточку (chopvault whoami) и добавьте её: chopvault recipients add CARD
    .level = info
store-file-you-are-read-only = вы участник хранилища { $path } только для чтения: { -chopvault } любого другого участника отверг бы подписанное вами хранилище, поэтому ничего не записано
store-file-no-signing-member = ни один из ваших ключей не принадлежит участнику, который может подписать это хранилище
store-file-recipient-not-valid = его получатель { $recipient } некорректен
store-file-passphrase-no-terminal = хранилищу нужен пароль, а терминала, чтобы спросить, нет
store-file-passphrase-no-terminal-hint = Укажите файл пароля с правами 0600 в --passphrase-file или CHOPVAULT_PASSPHRASE_FILE.
store-file-passphrase-read-failed = не удалось прочитать пароль: { $error }
store-file-passphrase-read-failed-hint = В сценариях используйте --passphrase-file.
store-file-not-text = это не текст
store-file-holds-no-x25519-identity = в нём нет ключа X25519 (AGE-SECRET-KEY-1…)
store-file-holds-no-identity = в нём нет ключа
store-file-does-not-exist = его не существует
store-file-only-x25519-supported = поддерживаются только ключи X25519 (AGE-SECRET-KEY-1…)
store-file-trust-pins-damaged = запись об участниках этого хранилища, { $path }, повреждена
store-file-trust-pins-damaged-hint = Переместите её и откройте хранилище снова, чтобы заново записать его участников (сверьте их с командой).
store-file-trust-unsigned = хранилище { $vault } не подписано, { $seen }: его могли подделать или подменить
store-file-trust-signature-mismatch = подпись { $signature } не соответствует хранилищу (подписавшим в ней назван { $signer }): хранилище изменено после подписи
store-file-trust-signature-mismatch-hint = Из него ничего не прочитано. Получите оба файла заново (хранилище и его .sig приходят вместе) или восстановите их из истории репозитория.
store-file-trust-signature-unreadable = подпись хранилища не читается: { $why }
store-file-trust-signature-unreadable-hint = Из него ничего не прочитано. Восстановите файл .sig из истории репозитория.
store-file-trust-signer-not-member = хранилище { $vault } подписано { $signer } (ssh-ed25519 …{ $short }), а это не один из участников, закреплённых на этой машине (посторонний или удалённый участник)
trust-swapped = хранилище { $vault } — другое хранилище (id { $found }), не то, что здесь за ним закреплено (id { $pinned }): его подменили
trust-swapped-to-old = у хранилища { $vault } нет id, а у закреплённого за ним здесь он есть ({ $pinned }): на его место положили старый файл или другое хранилище
trust-swapped-hint = Из него ничего не прочитано. Восстановите хранилище и его .sig из истории репозитория (git log -- ХРАНИЛИЩЕ); если команда заменила его намеренно, уточните у коллег и выполните: chopvault members accept
trust-rollback = хранилище { $vault } — поколение { $found }, старше поколения { $pinned }, увиденного здесь { $seen }: это откат к старой копии
trust-rollback-hint = Из него ничего не прочитано. Заберите свежие хранилище и .sig (git pull); если назад откатился сам репозиторий, выясните, кто это отправил. Чтобы вернуться к этой копии намеренно: chopvault members accept --rollback
trust-fork = хранилище { $vault } — поколение { $generation }, то же, что увидено здесь { $seen }, но с другим содержимым: у хранилища две истории
trust-fork-hint = Из него ничего не прочитано. Две записи начались с одной и той же версии; оставьте одну (git log -- ХРАНИЛИЩЕ), договоритесь с командой, затем выполните: chopvault members accept
trust-signed-by-removed = хранилище { $vault } подписано участником { $signer } ({ $fingerprint }), а его удаление из хранилища эта машина видела { $on }
trust-readded = в хранилище { $vault } снова числится { $name } ({ $fingerprint }), хотя его удаление эта машина видела { $on }
trust-removed-hint = Из него ничего не прочитано. Если команда вернула участника намеренно, подтвердите это у коллеги, которому доверяете, и выполните: chopvault members accept
trust-not-trusted = первое использование хранилища { $vault }: ключа { $name } ({ $fingerprint }) нет среди доверенных через chopvault members trust
trust-not-trusted-hint = Из него ничего не прочитано и ничего не закреплено. Сверьте отпечаток с командой; если ключ их, добавьте его в свой файл allowed_signers и снова выполните chopvault members trust ФАЙЛ.
trust-renamed = в файле { $vault } хранилище с именем { $name }, а не { $file }: на место этого хранилища подложили файлы другого
trust-renamed-hint = Из него ничего не прочитано. Восстановите нужные файлы из истории репозитория (git log -- ХРАНИЛИЩЕ); если команда переименовала хранилище намеренно, уточните у коллег и выполните: chopvault members accept
trust-implausible = хранилище { $vault } — поколение { $found }, неправдоподобно далеко от поколения { $pinned }, увиденного здесь: такая запись заморозила бы хранилище
trust-implausible-hint = Из него ничего не прочитано. Восстановите хранилище и его .sig до этой записи (git log -- ХРАНИЛИЩЕ), выясните, кто её отправил, и удалите этого участника из хранилища.
trust-generation-exhausted = хранилище { $vault } достигло последнего возможного поколения: новых записей после него быть не может
trust-unsigned-not-trusted = первое использование хранилища { $vault }: оно не подписано, поэтому не может совпасть с ключами, которым вы доверились через chopvault members trust
trust-first-use-trusted = хранилище { $shown_path } впервые используется здесь: его участники совпадают с доверенными ключами и закреплены: { $members } (подписал { $signer })
    .level = info
trust-shared-name = двое участников называются { $name }, но ключи у них разные: сверьте их отпечатки SHA256 с командой, прежде чем доверять кому-то из них.
    .level = warning
trust-accept-unsigned = хранилище { $vault } не подписано, а здесь его уже видели подписанным: принять его — значит отключить проверку подписей
trust-accept-rollback-hint = Ничего не закреплено. Заберите свежее хранилище; чтобы намеренно вернуться к этому файлу, выполните: chopvault members accept --rollback
trust-accept-readded = + { $name } { $fingerprint }: удалён, как видела эта машина { $on }
trust-allowed-signers-bad-line = строка { $line } в { $path } не похожа на строку allowed_signers (имена [параметры] ssh-ed25519 AAAA…)
trust-allowed-signers-bad-line-hint = Исправьте эту строку (ssh-keygen -Y verify читает тот же формат) или уберите файл и снова выполните chopvault members trust ФАЙЛ.
trust-pins-folder-not-private = папку состояния chopvault { $path } (закреплённые участники, блокировки, ожидающие подписи) могут изменять другие пользователи (права { $mode }), это ссылка или она принадлежит не вам: её содержимое могли подменить
trust-pins-folder-not-private-hint = Проверьте её содержимое, затем выполните: chmod 700 { $path }
cmd-check-verified-valid = проверен, действителен
cmd-check-refresh-due = пора обновить: chopvault refresh { $name }
cmd-check-line = { $name }: { $text } [{ $state }]
cmd-check-no-entries = записей нет
cmd-cleanup-nothing-left = брошенных файлов токенов нет.
    .level = info
cmd-cleanup-export-running = идёт выгрузка (pid { $pid }): { $path }
    .level = info
cmd-doctor-exports-running = выгрузки: идёт { $count } ({ $exports })
cmd-doctor-migration-interrupted = перенос из хранилища { $from } в хранилище { $to } прерван { $date }; могли остаться старые копии записей: { $count }
cmd-doctor-migration-interrupted-fix = Завершите его: chopvault migrate --to { $to }
cmd-doctor-migration-journal-fix = Удалите { $path }: секретов в нём нет.
cmd-doctor-line = { $tag }  { $what }
cmd-doctor-fix = {"      "}исправить: { $fix }
cmd-doctor-vault-file-private = файл хранилища { $vault } закрыт от других (0600)
cmd-doctor-vault-file-public = хранилище { $vault } доступно другим на чтение (права { $mode }): для командного хранилища в git это нормально — в нём только шифртекст для участников
cmd-doctor-identity-beside-vault = ключ { $id } лежит рядом с хранилищем
cmd-doctor-identity-private = ключ { $id } закрыт от других
cmd-doctor-work-factor-too-high = коэффициент работы пароля { $factor }: больше { $max }, который читает { -chopvault }
cmd-doctor-work-factor-too-high-fix = Расшифруйте его через age -d там, где хватает памяти, и сохраните записи в новое хранилище.
cmd-doctor-work-factor-low = коэффициент работы пароля { $factor } ({ $mib } МиБ на разблокировку): ниже стандартного { $default }
cmd-doctor-work-factor-kept = коэффициент работы пароля { $factor } ({ $mib } МиБ на разблокировку), сохраняется при каждой записи
cmd-doctor-key-work-factor-low = у ключа { $key } коэффициент работы scrypt { $factor } ({ $mib } МиБ на разблокировку): ниже стандартного { $default }
cmd-doctor-key-work-factor-ok = ключ { $key }, защищённый паролем (коэффициент работы scrypt { $factor }, { $mib } МиБ на разблокировку)
cmd-doctor-key-unreadable = ключ { $key } не читается
cmd-doctor-key-unreadable-fix = Восстановите его из резервной копии папки хранилища.
cmd-doctor-agent-unlocked = агент держит ключ до { $until }
cmd-doctor-agent-unusable = агент недоступен: { $error }
cmd-doctor-members-pinned = хранилище подписано; участники, закреплённые на этой машине: { $members }
cmd-doctor-old-index = { $old } рядом с хранилищем больше не используется (индекс живёт в папке данных { -chopvault })
cmd-doctor-old-index-fix = Удалите его (и перестаньте его коммитить): rm { $old }
cmd-doctor-keyring-unlocked = { -os-keyring }{ $by } отвечает и разблокирована
cmd-doctor-keyring = { -os-keyring }{ $by }
cmd-doctor-list-failed = не удалось получить список записей: { $error }
cmd-doctor-index-entries = индекс метаданных: { $count ->
        [one] { $count } запись
        [few] { $count } записи
       *[other] { $count } записей
    }
cmd-doctor-expired-fix = Получите новые токены: chopvault rotate { $name }
cmd-doctor-expiring = истекают в ближайшие { $days } дней: { $names }
cmd-doctor-expiring-fix = Замените их, пока не истекли: chopvault rotate { $name }
cmd-export-no-folder = некуда писать: передайте --dir DIR или задайте CHOP_DEPLOY — распакованную папку CHOP_DEPLOY
cmd-export-no-folder-here = некуда писать, а текущая папка похожа на распакованную CHOP_DEPLOY: добавьте --dir . (chopvault export { $name } --dir . -- ./install.sh)
cmd-export-expires-soon = токен в '{ $name }' { $days ->
        [0] истекает сегодня
        [one] истекает через { $days } день
        [few] истекает через { $days } дня
       *[other] истекает через { $days } дней
    } ({ $date }); скоро замените его: chopvault rotate { $name }
    .level = warning
cmd-export-agent-cannot-hold-off = не удалось попросить работающий агент отказывать установщику ({ $error }); установщик не запущен, ничего не записано
cmd-export-agent-cannot-hold-off-hint = Сначала заблокируйте агент (chopvault lock) или передайте --allow-agent, если установщику можно им пользоваться.
cmd-export-installer-failed = установщик { $installer } { $why }
    .level = error
cmd-export-installer-failed-hint = ничего не записано; проверьте команду после --.
    .level = hint
cmd-export-preflight-warning = { $warning }
    .level = warning
cmd-export-waiting = { $target } использует другая выгрузка; жду её окончания (--no-wait вместо этого отказывает).
    .level = info
cmd-export-unchanged = { $name } не менялся ({ $fingerprint }) с последней установки на этом хосте; установщик не запускался.
    .level = info
cmd-export-cannot-remember = не удалось запомнить, что установлено ({ $error }); следующий запуск с --if-changed установит снова.
    .level = warning
cmd-export-in-place = { $target } на месте. Нажмите Enter (или Ctrl-C), чтобы удалить его.
    .level = info
cmd-export-removed-early = { $target } удалён ({ $why }); установщик продолжает работу.
    .level = info
cmd-export-installer-exited = установщик завершился с кодом { $code }.
    .level = info
cmd-export-installer-ran-elsewhere = установщик запускался в { $here }, а не в { $dir }: если он ищет файл с токеном рядом с собой, запустите его оттуда (cd { $dir }).
    .level = info
cmd-export-why-exited = после того, как установщик завершился с кодом { $code }
cmd-export-why-signal = по сигналу { $signal }; установщик завершился с кодом { $code }
cmd-export-why-ttl = по истечении --ttl; установщик завершился с кодом { $code }
cmd-export-why-read = после прочтения; установщик завершился с кодом { $code }
cmd-export-taken-away = { $target } забрали во время работы: { $change }; { $action }.
    .level = error
cmd-export-taken-away-hint = проверьте, что установщик сделал со своим файлом токена; никогда не доверяйте файлу, который его заменил.
    .level = hint
cmd-export-folder-replaced = { $dir } подменили во время работы (переименовали или заменили ссылкой); токен удалён из папки, в которую был записан, где бы она теперь ни была, и больше ничего не тронуто.
    .level = warning
cmd-export-search-limited = поиск копий токена в { $dir } остановлен на пределе (20 000 файлов или 3 с); он неполон.
    .level = note
cmd-export-search-interrupted = поиск копий токена в { $dir } прерван; он неполон.
    .level = note
cmd-export-token-copied = токен ({ $fingerprint }) есть также в { $copy }: его скопировал туда установщик.
    .level = warning
cmd-export-token-copy-earlier = токен ({ $fingerprint }) есть также в { $copy }, файле, который был там до этой выгрузки: это открытая копия, оставленная раньше. Сотрите её, если она не нужна.
    .level = warning
cmd-get-write-value = записать значение
cmd-init-existing-store = хранилище { $store } в { $config_path }
cmd-init-values-live-in = значения будут храниться здесь: { $location }.
    .level = info
cmd-init-saved-choice = выбор сохранён в { $config_path }.
    .level = info
cmd-init-config-unchanged = в настройках по-прежнему первое хранилище; к этому обращайтесь с --vault { $vault } (или CHOPVAULT_VAULT).
    .level = info
cmd-init-file-env-ignored = { $var } задана, но относится к файловому хранилищу; для этого init она не учитывается.
    .level = warning
cmd-init-bad-recipient = --recipient — не карточка участника (age1… ssh-ed25519 AAAA… имя) и не получатель age: { $why }
cmd-init-file-options-only = --identity, --generate-identity, --recipient и --vault относятся к файловому хранилищу
cmd-init-openbao-options-only = --addr, --namespace, --ca-cert, --token-file, --token-to-keyring и --auth относятся к --store openbao
cmd-init-asked-store = так задано в --store { $store }
cmd-init-identities-given = указаны ключи age или путь к хранилищу
cmd-init-keyring-answered = { -os-keyring } ответила и разблокирована
cmd-init-keyring-unusable = { -os-keyring } недоступна ({ $e })
cmd-init-keyring-was-unusable = { -os-keyring } была недоступна
cmd-init-store-chosen = хранилище: { $kind }, потому что { $because }.
    .level = info
cmd-init-openbao-needs-addr = --store openbao требует --addr URL (или BAO_ADDR)
cmd-init-plain-http = { $addr } — обычный HTTP: токены пойдут по сети незашифрованными. Используйте https://.
    .level = warning
cmd-init-openbao-token = токен { -openbao }
cmd-init-openbao-token-in-keyring = токен { -openbao } хранится в { -os-keyring(case: "prepositional") }.
    .level = info
cmd-init-openbao-secret-id-unwrapped = обёрнутый secret id развёрнут и хранится в { $path } (0600).
    .level = info
cmd-init-auth-needs = --auth { $method } требует { $flags }
cmd-init-cannot-list = не удалось получить список { $mount }{ $prefix }: { $error }
    .level = warning
cmd-init-new-identity = новый ключ age в { $path } (открытый ключ { $public }). Сохраните копию в надёжном месте: без него хранилище не открыть.
    .level = info
cmd-init-identity-beside-vault = ключ лежит в той же папке, что и хранилище; любой, кто скопирует папку, откроет хранилище. Храните ключи отдельно (см. SECURITY.md).
    .level = warning
cmd-init-recipient-needs-identity = --recipient требует --identity или --generate-identity: вы сами должны уметь открыть хранилище
cmd-init-age-identity = ключом age { $path }
cmd-init-passphrase = паролем
cmd-init-passphrase-key-file = паролем, который защищает ключ { $key } (коэффициент работы scrypt { $work_factor }); в резервную копию кладите оба файла
cmd-init-bad-name = неверное --name: { $why }
cmd-init-created-vault = создано хранилище age { $vault }; оно открывается { $described }.
    .level = info
cmd-init-resolve-path = определить путь { $path }
cmd-list-no-entries = в хранилище { $kind } ({ $location }) нет записей. Добавьте запись: chopvault set NAME
    .level = info
cmd-login-not-a-client-id = '{ $client_id }' — не ClientID: в нём 32 шестнадцатеричных символа (0-9, a-f)
cmd-login-stored = сохранено в '{ $name }': { $owner }, истекает { $expires } ({ $fingerprint }){ $refresh }.
    .level = info
cmd-login-no-client-id = нет --client-id, и нет терминала, чтобы провести вас через создание приложения: передайте --client-id ID
cmd-login-app-guide =
    Токен { -yandex-disk(case: "genitive") } выдаётся OAuth-приложению, которое вы создаёте один раз:

    {"  "}1. Откройте https://oauth.yandex.ru/client/new и войдите в аккаунт
    {"     "}(или нажмите «Создать приложение» и выберите «Для доступа к API или отладки»).
    {"  "}2. Заполните поле «Название вашего сервиса» (и «Контактная почта»); если форма
    {"     "}спрашивает платформу, выберите «Веб-сервисы».
    {"  "}3. Redirect URI: https://oauth.yandex.ru/verification_code
    {"     "}(у приложений «Для доступа к API или отладки» он уже такой).
    {"  "}4. В разделе «Доступ к данным» добавьте четыре права
    {"     "}REST API { -yandex-disk(case: "genitive") }:
    {"       "}cloud_api:disk.read        (чтение всего { -disk(case: "genitive") })
    {"       "}cloud_api:disk.write       (запись в любом месте на { -disk(case: "prepositional") })
    {"       "}cloud_api:disk.app_folder  (доступ к папке приложения на { -disk(case: "prepositional") })
    {"       "}cloud_api:disk.info        (информация о { -disk(case: "prepositional") })
    {"  "}5. Нажмите «Создать приложение» и скопируйте его ClientID.
    {""}
cmd-login-client-id-prompt = ClientID:{" "}
cmd-login-read-client-id = прочитать ClientID
cmd-man-write-man-page = записать страницу руководства
cmd-man-wrote-pages = записано страниц руководства: { $written }, в { $dir }.
    .level = info
cmd-members-not-identity-vault = участники бывают только у хранилищ age с ключами; это хранилище { $kind }
cmd-members-nothing-pinned-yet = пока ничего не закреплено: первая команда, которая откроет хранилище, закрепит его участников
cmd-members-pinned-here = закреплены на этой машине ({ $state }):
cmd-members-changed = участники изменились: { $change }
    .level = info
cmd-members-unchanged = участники такие, как закреплены.
    .level = info
cmd-members-nothing-pinned-before = для этого хранилища раньше ничего не было закреплено.
    .level = info
cmd-members-vault-signed = хранилище подписано участником { $signer }.
    .level = info
cmd-members-vault-not-signed = хранилище не подписано (записано до того, как { -chopvault } стал подписывать хранилища).
    .level = info
cmd-members-pinned-members = закреплённые участники:
    .level = info
cmd-members-card-line = {"  "}{ $card }
cmd-members-lineage = {"  "}хранилище { $id }, поколение { $generation } (впервые увидено здесь { $seen })
cmd-members-member = {"  "}{ $name }  { $fingerprint }  { $recipient }  { $key }
cmd-members-removed = {"  "}удалён: { $name }  { $fingerprint }  (удаление замечено здесь { $on }; отвергается, пока не выполнено chopvault members accept)
cmd-members-trusted-header = доверенные до первого использования ({ $count } { $count ->
        [one] ключ
        [few] ключа
       *[other] ключей
    }):
cmd-members-trusted-key = {"  "}{ $names }  { $fingerprint }
cmd-members-accept-swap = это другое хранилище, не то, что закреплено здесь: в файле { $found }, закреплено { $pinned }. Принимайте, только если команда заменила хранилище намеренно.
    .level = info
cmd-members-accept-rollback = ОТКАТ: этот файл — поколение { $found }, старше поколения { $pinned }, которое эта машина уже видела. Всё записанное после него (удаление участника, новый токен) для этой машины будет отменено.
    .level = info
cmd-members-accept-generation = здесь закреплено поколение { $before }, в хранилище — { $now }.
    .level = info
cmd-members-accept-renamed = в этом файле хранилище с именем { $name }, а не { $file }: принимайте, только если команда переименовала его намеренно (а не подложила сюда файлы другого хранилища).
    .level = info
cmd-members-accept-fork = РАЗВИЛКА: здесь закреплено поколение { $generation } с другим содержимым; если принять, эта машина оставит это и забудет другое.
    .level = info
cmd-members-accept-untrusted = { $key } нет среди ваших доверенных ключей (chopvault members trust): приняв изменение, вы всё равно будете ему доверять.
    .level = info
cmd-members-accept-question = Закрепить этих участников?
cmd-members-accepted = { $count ->
        [one] закреплён { $count } участник
        [few] закреплено { $count } участника
       *[other] закреплено { $count } участников
    }.
    .level = info
cmd-members-trust-done = { $count ->
        [one] { $count } ключ теперь доверенный
        [few] { $count } ключа теперь доверенные
       *[other] { $count } ключей теперь доверенные
    }: при первом использовании хранилища на этой машине его участники должны совпасть с ними, иначе оно будет отвергнуто.
    .level = info
cmd-members-trust-too-large = { $file } больше { $max } КиБ — это не файл allowed_signers
cmd-members-trust-not-text = { $file } не текстовый файл — это не файл allowed_signers
cmd-members-trust-no-keys = в { $file } нет ни одного ключа ssh-ed25519 для пространства имён { -chopvault }
cmd-migrate-file-options-only = --to-vault, --to-identity и --new-passphrase-file относятся к --to file
cmd-migrate-moved-here = перенесено сюда из хранилища { $store } командой chopvault migrate
cmd-migrate-skipped-missing = '{ $name }' есть в списке, но в старом хранилище значения нет; пропущено.
    .level = warning
cmd-migrate-copied = { $count ->
        [one] скопирована { $count } запись
        [few] скопированы { $count } записи
       *[other] скопировано { $count } записей
    } в новое хранилище ({ $location }); каждая прочитана обратно.
    .level = info
cmd-migrate-switched = теперь в настройках хранилище { $store } ({ $config_path }).
    .level = info
cmd-migrate-finishing = завершаю перенос из хранилища { $from } в хранилище { $to }, прерванный { $date }.
    .level = info
cmd-migrate-kept-old = старые копии остаются в { $location } (--keep-old); { -chopvault } их больше не использует.
    .level = info
cmd-migrate-changed-meanwhile = '{ $name }' изменилось в старом хранилище после переноса; это значение оставлено там.
    .level = warning
cmd-migrate-removed = удалено из { $location }: { $count ->
        [one] { $count } запись
        [few] { $count } записи
       *[other] { $count } записей
    }.
    .level = info
cmd-migrate-old-vault-remains = старое хранилище { $vault } может оставаться в резервных копиях или в истории git; удалите его, когда оно станет не нужно.
    .level = info
cmd-migrate-nothing-to-move = { $why }; переносить нечего
cmd-migrate-cannot-resolve-vault = не удалось определить --to-vault: { $error }
cmd-migrate-vault-in-use = хранилище { $vault } уже используется; для нового укажите --to-vault
cmd-migrate-into-existing-vault = хранилище { $vault } существует; переношу записи в него.
    .level = info
cmd-migrate-cannot-resolve-identity = не удалось определить --to-identity: { $error }
cmd-mod-no-expiry-date = без срока действия
cmd-mod-expired = истёк { $days ->
        [0] сегодня
        [one] { $days } день назад
        [few] { $days } дня назад
       *[other] { $days } дней назад
    } ({ $date })
cmd-mod-expires-soon = { $days ->
        [0] истекает сегодня
        [one] истекает через { $days } день
        [few] истекает через { $days } дня
       *[other] истекает через { $days } дней
    } ({ $date }) — { $next }
cmd-mod-next-refresh = продлите: chopvault refresh { $name }
cmd-mod-next-rotate = замените: chopvault rotate { $name }
cmd-mod-next-set = сохраните новый: chopvault set { $name }
cmd-mod-expires-days = истекает через { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[other] { $days } дней
    } ({ $date })
cmd-mod-value-described = значение типа { $kind } ({ $fingerprint }, задано { $set }, { $expiry })
cmd-mod-holds = '{ $name }' содержит { $what }. { $verb }?
cmd-recipients-not-age-vault = получатели бывают только у хранилищ age; это хранилище { $kind }
cmd-recipients-not-a-card = это не карточка участника (age1… ssh-ed25519 AAAA… имя) и не получатель age: { $why }
cmd-recipients-said = { $said }
    .level = info
cmd-recipients-index-not-refreshed = индекс не обновлён: { $error }
    .level = note
cmd-recipients-removed = { $removed } больше не может открывать новые версии хранилища, а подписанное этим ключом хранилище отвергается везде, где это изменение уже видели. Но всё, что было сохранено до сих пор (и старые копии файла, например в git), этот участник мог прочитать: замените эти токены{ $rotate }.
    .level = info
cmd-recipients-added-reader = { $label } теперь может открывать хранилище только для чтения: подписанное им хранилище отвергается. Чтобы дать право записи, добавьте его карточку (chopvault whoami).
cmd-recipients-already-reader = { $label } уже был получателем.
cmd-recipients-already-writer = { $label } уже был участником с правом записи.
cmd-recipients-added-writer = { $label } теперь может открывать и записывать хранилище (оно перешифровано и подписано). { -chopvault } остальных участников примет изменение при следующем открытии и покажет его.
cmd-recipients-passphrase-vault = (хранилище с паролем: получателей нет)
cmd-recipients-writer-line = { $name }  { $recipient }  { $key }  может писать{ $you }
cmd-recipients-reader-line = -  { $recipient }  только чтение{ $you }
cmd-refresh-done = '{ $name }' обновлён ({ $fingerprint }), истекает { $expires }.
    .level = info
cmd-reindex-keyring-nothing = индекс хранилища в { -keyring(case: "prepositional") } — его единственные метаданные; перестраивать нечего.
    .level = info
cmd-reindex-openbao-migrated = метаданные перенесены к значению у записей: { $count }.
    .level = info
cmd-reindex-done = в индексе { $count ->
        [one] { $count } запись
        [few] { $count } записи
       *[other] { $count } записей
    }, как и в хранилище.
    .level = info
cmd-rekey-not-passphrase-store = rekey — для хранилищ age, защищённых паролем; это хранилище { $kind }
cmd-rekey-identity-vault = хранилище { $vault } открывается файлом ключа { $id }, а не паролем: менять ключ нечего
cmd-rekey-ask-new-passphrase = теперь задайте новый пароль.
    .level = info
cmd-rekey-passphrase-changed = пароль { $key } изменён (коэффициент работы scrypt { $work_factor }); само хранилище не переписывалось. Разблокированный агент продолжает работать.
    .level = info
cmd-rekey-same-key-note = сам ключ не изменился: копия прежнего { $key } со старым паролем по-прежнему открывает это хранилище, в том числе всё, что будет записано дальше. Если такая копия могла где-то остаться, замените ключ: chopvault rekey --new-key
    .level = note
cmd-rekey-ask-key-passphrase = теперь пароль, который будет защищать новый ключ (он может быть прежним).
    .level = info
cmd-rekey-converted = хранилище { $vault } теперь зашифровано для ключа { $key } (коэффициент работы scrypt { $work_factor }) и подписано. Делайте резервную копию папки: нужны оба файла. Обычный age его открывает: age -d -i { $key } { $vault }
    .level = info
cmd-rekey-new-key-done = хранилище { $vault } теперь зашифровано для нового ключа из { $key } (коэффициент работы scrypt { $work_factor }) и подписано старым, поэтому машины остальных участников примут это изменение. Копии старого файла ключа открывают только то, что записано до этой минуты; если такая копия могла утечь, замените токены (chopvault rotate).
    .level = info
cmd-rm-kept = запись '{ $name }' оставлена.
    .level = info
cmd-rm-removed = запись '{ $name }' удалена{ $held }.
    .level = info
cmd-rotate-no-client-id = для '{ $name }' не сохранён ClientID: rotate просит у { -yandex(case: "genitive") } новый токен для того приложения, которому был выдан старый, и ему нужен ClientID этого приложения
cmd-rotate-no-client-id-hint = ClientID (32 шестнадцатеричных символа) указан на странице вашего приложения на oauth.yandex.ru (там перечислены созданные вами приложения). Передайте его один раз: chopvault rotate { $name } --client-id ID — дальше он хранится вместе с новым токеном.
cmd-rotate-not-a-client-id = '{ $client_id }' — не ClientID (32 шестнадцатеричных символа)
cmd-rotate-same-token = { -yandex } вернул тот же токен, что уже хранится в '{ $name }' ({ $fingerprint }, { $owner }); он проверен и оставлен, ничего не отозвано. Он действует до { $expires }.
    .level = info
cmd-rotate-same-token-hint = чтобы получить другой токен (скажем, этот утёк), завершите этот в настройках аккаунта { -yandex } ID (Устройства / приложения; Devices / apps) и снова выполните rotate.
    .level = hint
cmd-rotate-done = в '{ $name }' теперь новый токен ({ $fingerprint }, { $owner }, истекает { $expires }).
    .level = info
cmd-rotate-old-token-still-works = старый токен ({ $fingerprint }) действует до окончания срока: через API { -yandex } отзывает только токены, выданные для устройства при известном секрете клиента. { $manual }
    .level = info
cmd-rotate-revoked-old-token = старый токен ({ $fingerprint }) отозван.
    .level = info
cmd-rotate-revoke-unsupported = { -yandex } не может отозвать старый токен через API (он не привязан к устройству). { $manual }
    .level = info
cmd-rotate-old-token-already-dead = старый токен уже не действовал или принадлежит другому приложению.
    .level = info
cmd-rotate-revoke-failed = не удалось отозвать старый токен: { $error }. { $manual }
    .level = warning
cmd-set-expires-in-past = --expires { $date } в прошлом: токен был бы сохранён просроченным; передайте --force, если вы этого и хотите
cmd-set-kept = запись '{ $name }' оставлена как была.
    .level = info
cmd-set-source-kept = в { $path } по-прежнему лежит открытый токен (--keep-source).
    .level = warning
cmd-set-wiped = { $path } стёрт.
    .level = info
cmd-set-no-client-id = для '{ $name }' не сохранён ClientID, а он понадобится команде rotate. Он указан на странице вашего приложения на oauth.yandex.ru: сохраните его при первой замене (chopvault rotate { $name } --client-id ID) или добавьте --client-id ID при следующем set.
    .level = note
cmd-set-expiry-warning = '{ $name }': { $expiry }.
    .level = warning
cmd-set-from-folder = { $path } — это папка: --from-file ожидает сам файл с токеном (например, { $path }/token.txt)
cmd-set-no-expiry = без срока действия
cmd-set-replaced = ; заменено { $fingerprint }, заданное { $date }
cmd-set-stored = запись '{ $name }' сохранена из источника «{ $source }» ({ $kind }, { $fingerprint }, { $expiry }){ $was }.
    .level = info
cmd-set-token-copied = токен есть также в { $copy } (в открытом виде, не стёрт): удалите его, если он не нужен.
    .level = warning
cmd-set-value-prompt = Значение для '{ $name }':{" "}
cmd-set-prompt = запрос
cmd-set-took-token-from-address = из вставленного адреса перенаправления взят токен{ $lifetime }.
    .level = info
cmd-status-store = хранилище: { $kind } ({ $location })
cmd-status-chosen = выбрано:   потому что { $because }
cmd-status-agent-unlocked = агент:     разблокирован до { $until } (chopvault lock заканчивает это)
cmd-status-agent-locked = агент:     заблокирован (chopvault unlock спросит пароль один раз на сеанс)
cmd-status-agent-memory-not-locked = {"           "}внимание: память агента не закреплена, и ключ может попасть в файл подкачки (как это исправить, подскажет chopvault doctor)
cmd-status-openbao-token-left = токен:     осталось { $secs } с (продлевается, когда прошла половина)
cmd-status-openbao-token-no-expiry = токен:     бессрочный
cmd-status-figures-cached = из кеша:   сервер не ответил; данные на { $as_of }
cmd-status-entries = записей:  { $count }
cmd-status-entry = {"  "}{ $name }: { $kind } — { $when }{ $owner }{ $verified } [{ $state }]
cmd-status-export-running = идёт выгрузка: '{ $entry }' в { $path } (pid { $pid }, с { $since })
cmd-unlock-not-passphrase-store = unlock — для хранилищ age, защищённых паролем; это хранилище { $kind }, которому здесь пароль не нужен
cmd-unlock-identity-vault = хранилище { $vault } открывается файлом ключа { $id }, который не спрашивает пароля: разблокировать нечего
cmd-unlock-done = разблокировано до { $until } (агент pid { $pid }{ $idle }). До этого времени команды { -chopvault } в любом терминале не спрашивают пароль; заблокировать раньше: chopvault lock
    .level = info
cmd-unlock-locked = заблокировано: агент забыл ключ и завершился.
    .level = info
cmd-unlock-no-agent = агент не работал; блокировать нечего.
    .level = info
cmd-verify-valid = { $name }: действителен — { $owner }{ $can_write }
cmd-verify-not-recorded = результат проверки не записан: { $error }
    .level = info
cmd-whoami-no-identity = у вас здесь нет ключа age, а whoami выводит карточку ключа
cmd-whoami-no-identity-hint = Создайте ключ и выведите его карточку: chopvault whoami --generate { $path } (или age-keygen -o { $path }, затем chopvault whoami --identity { $path }). Если ключ уже есть, передайте --identity FILE или задайте CHOPVAULT_IDENTITY.
cmd-whoami-generate-has-identity = --generate создаёт новый ключ, а у вас ключ уже есть (--identity, CHOPVAULT_IDENTITY или настройки): его карточку выводит chopvault whoami
cmd-whoami-generated = ваш новый ключ age записан в { $path } (0600). Это секрет: храните копию вне сети. Используйте его с --identity { $path } или CHOPVAULT_IDENTITY={ $path }. Ваша карточка:
    .level = info
cmd-whoami-bad-name = неверное --name: { $why }
cmd-whoami-ssh-key-written = ваш ключ подписи ({ $key }) записан в { $path }. Это секрет: кто им владеет, тот подписывает записи в хранилище от вашего имени. Берегите его так же, как { $identity }. Подписать: ssh-keygen -Y sign -f { $path } -n { -chopvault } ХРАНИЛИЩЕ
    .level = info
cmd-whoami-ssh-key-exists = { $path } уже существует, а --ssh-key никогда не перезаписывает файлы: укажите новое имя
cmd-whoami-ssh-key-several = в { $identity } несколько ключей X25519, а --ssh-key записывает один: положите ключ, которым подписываете, в отдельный файл и передайте его через --identity
cmd-export-removed = { $path } удалён { $why } ({ $elapsed }).
    .level = info
cmd-history-replaced = вместо { $fingerprint }
cmd-history-replaced-owner = вместо { $fingerprint }, аккаунт { $owner }
cmd-history-destroyed = уничтожено
cmd-history-deleted = удалено { $date }
cmd-history-version = версия { $version } { $created }  { $state }
cmd-list-col-name = ИМЯ
cmd-list-col-kind = ТИП
cmd-list-col-store = ХРАНИЛИЩЕ
cmd-list-col-created = СОЗДАНА
cmd-list-col-updated = ИЗМЕНЕНА
cmd-list-col-expires = ИСТЕКАЕТ
cmd-list-col-days = ДНЕЙ
cmd-list-col-fingerprint = ОТПЕЧАТОК
error-keyring-start-hint = Запустите и разблокируйте { -keyring(case: "accusative") } (Secret Service, например GNOME Keyring или KeePassXC; по SSH — gnome-keyring-daemon --unlock)
error-oauth-invalid-client-hint = Проверьте ClientID и секрет клиента на странице приложения на oauth.yandex.ru.
error-oauth-code-used-hint = Начните заново; коды живут недолго и действуют один раз.
error-oauth-hint = Начните заново; ничего не изменено.
lifecycle-prompt-client-secret = Секрет клиента (Client secret) приложения:{" "}
lifecycle-what-client-secret = секрет клиента
lifecycle-prompt-code = Код подтверждения:{" "}
lifecycle-what-code = код подтверждения
lifecycle-prompt-token-or-address = Токен или адрес:{" "}
lifecycle-waiting-confirm = жду вашего подтверждения…
prompt-weak-common = он в списке самых распространённых паролей
prompt-weak-short = он короче 12 символов
prompt-weak-repeats = в нём повторяются несколько символов
prompt-not-utf8-text = не UTF-8
prompt-vault-passphrase = Пароль хранилища:{" "}
prompt-new-vault-passphrase = Новый пароль хранилища:{" "}
prompt-same-passphrase-again = Тот же пароль ещё раз:{" "}
prompt-use-anyway = Всё равно использовать?
prompt-mismatch-try-again = введённые пароли не совпадают; введите ещё раз ({ $left ->
        [one] осталась { $left } попытка
        [few] осталось { $left } попытки
       *[other] осталось { $left } попыток
    }).
    .level = info
prompt-choose-another = тогда придумайте другой ({ $left ->
        [one] осталась { $left } попытка
        [few] осталось { $left } попытки
       *[other] осталось { $left } попыток
    }).
    .level = info
sign-bad-namespace = другое пространство имён
sign-bad-hash = хеш не SHA-256 и не SHA-512
sign-newer-version = формат SSHSIG версии { $version }: эта версия { -chopvault } его не читает
sign-not-ed25519-key = не ключ Ed25519
sign-malformed-signature = испорченная подпись Ed25519
sign-card-no-recipient = она не начинается с получателя age X25519 (age1…)
sign-card-no-ssh-key = её ключ — не открытый ключ SSH Ed25519 (ssh-ed25519 AAAA…)
sign-card-bad-name = её имя длиннее 64 символов или содержит управляющие либо невидимые символы
agent-dead = агент больше не работает (его убили; остался его сокет)
agent-refuses-installer = агент не отвечает установщику, запущенному из `chopvault export`: установщик получает только выданный ему токен, а не открытое хранилище
agent-refuses-installer-hint = Если установщику действительно нужно хранилище, запустите выгрузку с `chopvault export --allow-agent`.
agent-server-not-request = это не запрос
agent-server-not-x25519-identity = это не ключ X25519
agent-server-too-long = ключ просят держать дольше { $days } дней
agent-server-not-unlocked = не разблокирован
agent-server-bad-stanza = неверная строфа age
agent-server-bad-digest = неверный хеш
tokenfile-installer-not-found = не найден
tokenfile-installer-not-executable = не исполняемый (chmod +x)
yandex-waiting = жду { -yandex }…
yandex-oauth-invalid-grant = код или токен обновления неверен, просрочен, уже использован или принадлежит другому приложению
yandex-oauth-bad-code = код подтверждения неверен
yandex-oauth-invalid-client = ClientID или секрет клиента неверен
yandex-oauth-unauthorized-client = приложению нельзя использовать этот способ (проверьте его платформы и права)
yandex-oauth-unsupported-token = { -yandex } не может отозвать токен такого вида
yandex-oauth-expired-token = код устройства истёк до подтверждения
yandex-oauth-access-denied = в браузере отказали в доступе
yandex-oauth-invalid-scope = у приложения нет запрошенных прав
yandex-oauth-slow-down = слишком частые запросы
yandex-oauth-refused = { -yandex } отклонил запрос
keyring-no-store = хранилище в { -keyring(case: "prepositional") } не настроено
keyring-checking-access = проверка доступа
keyring-doing-connecting = подключение
keyring-doing-reading = чтение
keyring-doing-writing = запись
keyring-doing-removing = удаление
openbao-hint-token-itself = Запишите туда сам токен.
openbao-hint-token-alone = Оставьте в файле только токен.
openbao-hint-set-token = Задайте BAO_TOKEN, укажите файл токена с правами 0600 (init --token-file) или сохраните его в { -keyring(case: "prepositional") } (init --token-to-keyring).
openbao-hint-give-ca = Укажите сертификат УЦ, который подписал сертификат сервера.
openbao-hint-check-ca = Проверьте --ca-cert.
openbao-hint-server-up = Проверьте, что сервер работает, а --addr / BAO_ADDR указан верно.
openbao-hint-unseal = Распечатайте его (bao operator unseal) и попробуйте ещё раз.
openbao-hint-health = Проверьте состояние сервера (bao status).
openbao-hint-rate-limit = Подождите и повторите, дайте больше времени через --timeout или попросите администратора сервера поднять квоту (bao list sys/quotas/rate-limit).
openbao-hint-add-leader = Добавьте лидера к настроенным узлам: chopvault init --store openbao --addr … --addr { $leader } (у каждого узла свой адрес; BAO_ADDR тоже принимает несколько адресов через запятую).
openbao-hint-client-certificate = Укажите в BAO_CLIENT_CERT и BAO_CLIENT_KEY сертификат и ключ PEM, которые принимает сервер.
openbao-hint-client-certificate-refused = Укажите в BAO_CLIENT_CERT и BAO_CLIENT_KEY (или client_cert и client_key в конфигурации) сертификат, подписанный УЦ, которому доверяет сервер (tls_client_ca_file его слушателя), и его ключ.
openbao-hint-missing-slash = На сервере есть хранилище '{ $mount }/': укажите --mount { $mount } --prefix { $prefix } (в '{ $wanted }' пропущена косая черта между хранилищем и префиксом).
openbao-hint-mounts-are = Хранилища, которые видит этот токен: { $mounts }. Укажите одно из них в --mount (вложенный путь вроде team/kv пишется как есть).
openbao-hint-kv2-engine = Проверьте, что хранилище — движок KV версии 2.
openbao-hint-check-token = Проверьте BAO_TOKEN / файл токена.
openbao-hint-new-token = Войдите заново или выпустите новый токен (bao token create) и передайте его { -chopvault }.
openbao-hint-logs-in-again = Сохранённый токен входа выброшен: следующая команда войдёт заново.
openbao-token-expired-at = Срок токена { -openbao } истёк { $at }.
openbao-token-no-longer-valid = Токен { -openbao } больше не действует: его отозвали или срок истёк.
openbao-token-refused = { -openbao } не принимает сам токен: нет прав ({ $errors })
openbao-hint-token-refused = Токен неверен, истёк или отозван: проверьте BAO_TOKEN / файл токена или выпустите новый.
openbao-auth-login-refused = { -openbao } не пустил по { $method } на { $path } (HTTP { $status }: { $errors })
openbao-hint-login-refused = Проверьте роль { $method } и файлы, переданные init (chopvault init --store openbao --auth { $method } …).
openbao-hint-login-refused-kubernetes = { -openbao } спрашивает API Kubernetes (TokenReview), действителен ли токен сервисного аккаунта: проверьте bound_service_account_names и bound_service_account_namespaces роли, что токен — текущий токен пода, и что { -openbao } достаёт до API Kubernetes (kubernetes_host в настройке метода { $mount }).
openbao-auth-no-kubernetes-token = нет токена сервисного аккаунта Kubernetes в { $path }: это не под, или под не монтирует свой токен
openbao-hint-configure-auth-mount = Метод входа { $method } подключён в { $mount }, но не настроен: оператор записывает его настройки (bao write { $settings } …, как сказано в документации { -openbao } о методе { $method }), затем повторите команду.
openbao-hint-kubernetes-jwt-file = Укажите файл токена сервисного аккаунта в --jwt-file или запустите { -chopvault } в поде.
openbao-auth-unwrap-refused = { -openbao } не развернул secret id ({ $errors }): токен-обёртка срабатывает один раз и со временем истекает.
openbao-hint-new-wrapped-secret-id = Получите новый обёрнутый secret id (bao write -f -wrap-ttl=120s auth/approle/role/РОЛЬ/secret-id) и запустите init снова.
openbao-auth-no-state-folder = Нет папки состояния, где хранить развёрнутый secret id.
openbao-hint-set-home = Задайте HOME или XDG_STATE_HOME.
openbao-auth-file-not-usable = { $file } не годится для входа в { -openbao }: { $error }
openbao-auth-answer-not-understood = это не ответ { -openbao } на вход или запрос о токене
openbao-hint-delete-policy = Проверьте политику токена (delete на пути data).
provider-keepassxc-keeps = KeePassXC хранит удалённые значения в корзине, а заменённые — в истории каждой записи: токен, который { -chopvault } заменил или удалил, всё ещё можно прочитать из базы
provider-keepassxc-fix = В KeePassXC выключите корзину (Настройки базы данных → Общие; Database Settings → General) и задайте историю в 0 элементов или очищайте их после замены.
armor-no-end = у обёртки нет строки END
armor-no-header = нет заголовка обёртки
armor-bad-begin = строка BEGIN — не одна строка -----BEGIN AGE ENCRYPTED FILE-----
armor-cut-short = строка обрезана
armor-unexpected-marker = неожиданная строка-маркер
armor-data-after-end = данные после строки END
armor-line-after-short = после короткой последней строки идёт ещё строка
armor-empty-line = пустая строка
armor-long-line = строка длиннее 64 столбцов
armor-short-line = строка короче 64 столбцов не в конце
armor-not-canonical = не каноничный base64
header-not-spec = файл повреждён или это не файл age в том виде, как его описывает спецификация: { $why }
header-bad-version = первая строка — не age-encryption.org/v1
header-no-stanza = в заголовке нет ни одного получателя
header-bad-stanza-line = строка получателя — не "-> " с аргументами из видимых символов через одиночные пробелы
header-bad-body = тело получателя — не каноничный base64 строками по 64 столбца с более короткой строкой в конце
header-bad-mac = последняя строка заголовка — не "--- " с MAC из 43 символов base64
header-too-long = заголовок длиннее { $max } КиБ
header-scrypt-not-alone = получатель по паролю (scrypt) в заголовке не один
header-scrypt-arguments = в строке пароля (scrypt) не ровно два аргумента: соль и сложность
header-scrypt-salt = соль пароля (scrypt) — не 16 байт в каноничном base64
header-scrypt-work-factor = сложность scrypt «{ $text }» записана не десятичным числом без знака и ведущих нулей
header-scrypt-body = тело получателя по паролю (scrypt) — не обёрнутый ключ из 32 байт
keyfile-not-age-identity = это не файл ключа, зашифрованный age
keyfile-not-passphrase = он зашифрован не паролем
keyfile-damaged = он повреждён
keyfile-no-identity = в нём нет ключа
keyfile-no-x25519-identity = в нём нет ключа X25519
keyfile-holds-none = в нём нет ключа
file-protecting-key = защищаю новый ключ паролем…
file-empty = файл пустой
file-not-age = это не файл age
file-truncated = файл обрезан
file-changed-kind = во время чтения оно из хранилища с паролем стало хранилищем с ключами
file-content-damaged = его зашифрованное содержимое обрезано или повреждено
file-no-recipients = в нём не указано ни одного получателя
trust-signed-before = хотя раньше было подписано
trust-signature-missing = хотя в нём названы участники, которые подписывают (файла подписи нет)
doctor-files-not-yours = { $count ->
        [one] файл { -chopvault } принадлежит пользователю { $owner }, а не вам: { $files }
        [few] { $count } файла { -chopvault } принадлежат пользователю { $owner }, а не вам: { $files }
       *[other] { $count } файлов { -chopvault } принадлежат пользователю { $owner }, а не вам: { $files }
    }
doctor-files-of-root-fix = Их забрала себе команда, запущенная через sudo, и теперь вы не можете ни прочитать, ни заменить их. Верните их себе: sudo chown { $user }: { $files }
doctor-files-of-other-fix = Запустите { -chopvault } от имени их владельца (sudo -u { $user } chopvault …) или укажите ему свои собственные файлы.
doctor-exports-none = выгрузки: ни одна не идёт, брошенных нет
doctor-exports-stop = Если они не должны идти, остановите их; файлы исчезнут, когда они закончатся.
doctor-vault-file = файл хранилища
doctor-move-to-removable = Переместите его на съёмный носитель или в другую папку (см. SECURITY.md) и обновите настройки.
doctor-passphrase-file = файл пароля
doctor-low-factor-new = С низким коэффициентом подбирать пароль дёшево. Создайте новое хранилище через chopvault init и перенесите записи.
doctor-needs-terminal = не удалось попробовать открыть хранилище: ему нужен пароль, а терминала нет
doctor-run-in-terminal = Запустите doctor в терминале или передайте --passphrase-file.
doctor-vault-opens = хранилище открывается
doctor-vault-does-not-open = хранилище не открывается
doctor-low-factor-raise = С низким коэффициентом подбирать пароль дёшево. Повысьте его: chopvault rekey --work-factor 18
doctor-agent-fresh = Команды вместо этого спрашивают пароль; chopvault unlock запускает новый агент.
doctor-agent-no-key = агент не держит ключ (chopvault unlock спросит пароль один раз на сеанс)
doctor-agent-memory-not-locked = память агента не закреплена в ОЗУ (слишком мал лимит RLIMIT_MEMLOCK): ключ может попасть в файл подкачки
doctor-agent-memory-fix = Поднимите RLIMIT_MEMLOCK для своего сеанса (текущий показывает ulimit -l; задаётся через memlock в /etc/security/limits.conf или LimitMEMLOCK= / DefaultLimitMEMLOCK= в systemd), затем выполните chopvault lock и chopvault unlock. Если подкачки нет или она зашифрована, ничего делать не нужно.
doctor-no-key-file = хранилище с паролем, созданное до файлов ключей: каждая команда выполняет scrypt, и агент не поможет
doctor-convert-rekey = Преобразуйте его один раз: chopvault rekey
doctor-not-signed = хранилище ещё не подписано (записано до того, как { -chopvault } стал подписывать хранилища)
doctor-next-write-signs = Следующая запись его подпишет: любое изменение участником, например chopvault reindex, затем set.
doctor-pinned-members = закреплённые участники
doctor-openbao-ok = { -openbao } отвечает и принимает токен
doctor-openbao-token-left = Токену { -openbao } осталось { $secs } с (продлевается, когда прошла половина, а если нельзя — вход заново)
doctor-openbao-token-no-expiry = Токен { -openbao } бессрочный
doctor-openbao-list = Дайте токену право list на пути metadata, если здесь должны работать list/status.
doctor-openbao-no-scan = Токену нельзя делать SCAN по { $path }: list, status и check спрашивают сервер по разу на каждую папку и каждую запись
doctor-openbao-no-scan-fix = Дайте его политике право scan на { $path } ({ -openbao } 2.2+): тогда весь список — один запрос.
doctor-metadata-index = индекс метаданных
doctor-store-setup = настройки
doctor-identity = ключ
doctor-openbao = { -openbao }
cmd-export-reason-ttl = по истечении --ttl
cmd-export-reason-read = после прочтения
cmd-export-moved = токен переместили под другое имя, его содержимое стёрто (пустой файл оставлен там)
cmd-export-deleted = файл токена удалили (его содержимое стёрто)
cmd-export-not-ours = файл под этим именем теперь не наш, он не тронут
cmd-export-nothing-there = под этим именем сейчас ничего нет
cmd-init-prompt-openbao-token = Токен { -openbao }:{" "}
cmd-login-with-refresh = , с токеном обновления
cmd-members-unsigned = без подписи: записано до того, как появились подписи
cmd-migrate-keyring-in-use = хранилище keyring уже используется
cmd-migrate-openbao-in-use = хранилище openbao уже используется (для другого сервера укажите --addr)
cmd-migrate-openbao-same = хранилище openbao с этим адресом, хранилищем KV и префиксом уже используется
cmd-no-expiry = без срока действия
cmd-rotate-kill-now = Чтобы убить его сейчас, отзовите доступ приложения в { -yandex } ID, на странице «Доступы к данным» (id.yandex.ru), или смените пароль аккаунта (это завершит все токены аккаунта).
cmd-set-same-value-again = То же значение ещё раз:{" "}
cmd-set-and-lifetime = {" "}и его срок жизни
cmd-verify-can-write = , может писать в app:/
fs-action-read = прочитать
fs-action-remove = удалить
fs-action-inspect = проверить
fs-action-create = создать
fs-action-write = записать
fs-action-lock = заблокировать
fs-action-replace = заменить
fs-action-open = открыть
fs-action-open-lock = открыть файл блокировки
fs-action-encrypt = зашифровать
fs-action-create-folder = создать папку
fs-action-sync-folder = синхронизировать папку
fs-action-rename = переименовать
fs-action-open-folder = открыть папку
fs-action-create-temp = создать временный файл в
fs-action-hand-over = передать
fsutil-too-open = { $path } доступен для чтения другим пользователям (права { $mode }); использовать его нельзя
fsutil-writable-by-others = { $path } могут изменять другие пользователи (права { $mode }); использовать его нельзя
io-not-found = Нет такого файла или каталога
io-permission-denied = Отказано в доступе
io-already-exists = Файл существует
io-storage-full = На устройстве не осталось места
io-quota-exceeded = Превышена дисковая квота
io-read-only = Файловая система только для чтения
io-is-a-directory = Это каталог
io-not-a-directory = Это не каталог
io-directory-not-empty = Каталог не пуст
io-broken-pipe = Обрыв канала
io-timed-out = Время ожидания соединения истекло
io-connection-refused = В соединении отказано
io-would-block = Ресурс временно недоступен
io-unexpected-eof = неожиданный конец файла
io-os-error = { $words } (ошибка ОС { $code })
file-unlocking = разблокирую…
file-not-age-or-header = это не файл age, или его заголовок повреждён
tokenfile-installer-not-on-path = не найден в PATH
cmd-members-signed = подписано
error-line = { $error }
    .level = error
hint-line = { $hint }
    .level = hint
entry-name-chars = имя записи может содержать только латинские буквы, цифры и . _ - /, а не { $char }
lifecycle-owner-named = владелец { $login } ({ $name })
lifecycle-owner = владелец { $login }
lifecycle-gib = { $size } ГиБ
secret-invisible = в значении есть невидимый символ { $code } в позиции { $position } (скопирован с веб-страницы или из редактора?)
secret-cyrillic = токен { -yandex(case: "genitive") } состоит только из латиницы, цифр и знаков ASCII, а в значении на позиции { $position } русская буква «{ $letter }» ({ $code }): похоже, её набрали в русской раскладке
secret-not-ascii = токен { -yandex(case: "genitive") } — это чистый ASCII, а в значении есть { $code } в позиции { $position }
agent-folder-not-private = папка агента { $dir } — не ваша личная папка (владелец { $owner }, права { $mode }); агент не используется
agent-socket-folder-not-yours = сокет агента { $path } лежит в папке { $dir }, которая не ваша или открыта на запись другим (владелец { $owner }, права { $mode }); туда ничего не отправляется
agent-socket-not-socket = { $path } — не сокет, а должен быть сокетом агента; туда ничего не отправляется
agent-socket-not-yours = сокет агента { $path } принадлежит uid { $owner }, а не вам (uid { $uid }); туда ничего не отправляется
agent-socket-listener-not-yours = { $path } слушает процесс с uid { $peer }, а не ваш (uid { $uid }); ему ничего не отправлено
agent-socket-listener-unknown = не удалось узнать, кто слушает { $path } ({ $error }); туда ничего не отправлено
provider-process = процесс { $pid }
trust-key-short = ключ …{ $short }
cmd-doctor-store = хранилище: { $kind } ({ $location })
cmd-doctor-tag-ok = ок{"      "}
cmd-doctor-tag-warn = внимание
cmd-doctor-tag-fail = ОШИБКА{"  "}
cmd-doctor-expired = истекли: { $names }
cmd-init-addr-not-url = --addr принимает адрес http(s)://, а не '{ $addr }'
cmd-expires-on = истекает { $date }
cmd-expired-on = истёк { $date }
cmd-rm-which-held = ; в ней было { $what }
cmd-status-verified = , проверено { $date }: { $verdict }
cmd-status-owner = , владелец { $login }
cmd-unlock-or-idle = , или до { $duration } простоя
duration-seconds = { $seconds } с
duration-minutes = { $minutes } мин
duration-hours = { $hours } ч
duration-hours-minutes = { $hours } ч { $minutes } мин
duration-days = { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[other] { $days } дней
    }
signal-int = SIGINT (Ctrl-C)
signal-quit = SIGQUIT (Ctrl-\)
signal-number = сигнал { $number }
state-ok = в порядке
state-no-expiry = без срока
state-expires-soon = срок на исходе
state-expired = просрочен
state-rejected = отвергнут
state-unreachable = нет связи
state-refresh-due = пора обновить
state-valid = действителен
action-remove = удалить
action-replace = заменить

# Справка по командам (clap).
help-chopvault-after = Коды выхода: 0 успех, 1 ошибка, 2 неверный вызов, 3 нет такой записи, 4 хранилище недоступно или заблокировано, 5 неверный пароль или ключ, 10 срок токена скоро истекает, 11 срок токена истёк, 14 не удалось спросить хранилище (данные из кеша).
help-chopvault = Хранилище токенов развёртывания для командной строки; никогда в открытом виде
help-chopvault--vault = Файл хранилища age (файловое хранилище)
help-chopvault--identity = Файл ключа age, который открывает хранилище
help-chopvault--passphrase_file = Файл, первая строка которого — пароль хранилища (права 0600)
help-chopvault--config = Файл настроек [по умолчанию: $XDG_CONFIG_HOME/chopvault/config.toml]
help-chopvault--timeout = Сколько может длиться запрос к OpenBao вместе с переключением узлов и повторами [по умолчанию: timeout из настроек, иначе 10s]
help-chopvault-init = Создать хранилище и запомнить его в файле настроек
help-chopvault-init--store = Где хранить значения
help-chopvault-init--store--auto = Связка ключей, если она отвечает за 3 с, иначе файл age
help-chopvault-init--store--keyring = Связка ключей ОС
help-chopvault-init--store--file = Файл, зашифрованный age
help-chopvault-init--store--openbao = KV v2 на сервере OpenBao / HashiCorp Vault (нужен --addr или BAO_ADDR)
help-chopvault-init--generate_identity = Создать новый ключ age (в --identity или в папке настроек) и зашифровать хранилище для него
help-chopvault-init--recipients = Сделать этого человека участником (можно повторять; для команды): с карточкой из chopvault whoami (age1… ssh-ed25519 AAAA… имя, в кавычках) он читает и пишет; с одним получателем age1… — только читает
help-chopvault-init--unlock_for = Разблокировать при первом запросе: агент держит ключ хранилища столько времени после каждого ввода пароля (сохраняется как unlock_for в настройках; например 15m)
help-chopvault-init--name = Имя в вашей карточке участника хранилища с ключами [по умолчанию: user@host]
help-chopvault-init--work_factor = Коэффициент работы scrypt (log2 N) хранилища с паролем, сохраняется при каждой записи [по умолчанию: 18, 256 МиБ]
help-chopvault-init--addr = Адрес OpenBao / Vault; для кластера укажите каждый узел, повторив параметр [по умолчанию: $BAO_ADDR, затем $VAULT_ADDR]
help-chopvault-init--namespace = Пространство имён OpenBao / Vault [по умолчанию: $BAO_NAMESPACE при запуске]
help-chopvault-init--mount = Раздел KV версии 2 на сервере; вложенный путь вроде team/kv тоже подходит
help-chopvault-init--prefix = Префикс пути записей chopvault внутри раздела KV
help-chopvault-init--ca_cert = Дополнительный сертификат УЦ (PEM), которому доверять для этого сервера
help-chopvault-init--token_file = Файл с правами 0600, в котором токен OpenBao (иначе BAO_TOKEN / VAULT_TOKEN или связка ключей)
help-chopvault-init--token_to_keyring = Прочитать токен OpenBao (запрос или stdin из конвейера) и хранить его в связке ключей ОС
help-chopvault-init--auth = Входить в OpenBao самому, а не получать токен; токен входа кешируется, продлевается и заменяется
help-chopvault-init--auth--approle = AppRole: --role-id-file и --secret-id-file
help-chopvault-init--auth--cert = Клиентский сертификат TLS: --client-cert и --client-key
help-chopvault-init--auth--jwt = JWT: --role и --jwt-file
help-chopvault-init--auth--kubernetes = Сервисный аккаунт Kubernetes: --role [--jwt-file]
help-chopvault-init--auth_mount = Где смонтирован способ входа [по умолчанию: по имени способа]
help-chopvault-init--role = Роль для входа (jwt, kubernetes; для cert — роль сертификата)
help-chopvault-init--role_id_file = AppRole: файл с role id
help-chopvault-init--secret_id_file = AppRole: файл 0600 с secret id или с токеном-обёрткой для него (разворачивается один раз)
help-chopvault-init--jwt_file = JWT или Kubernetes: файл с JWT [для kubernetes по умолчанию — токен сервисного аккаунта пода]
help-chopvault-init--client_cert = Cert: клиентский сертификат (PEM)
help-chopvault-init--client_key = Cert: закрытый ключ сертификата, файл 0600 (PEM)
help-chopvault-set = Сохранить значение (скрытый ввод, --stdin или --from-file; никогда не аргументом)
help-chopvault-set--name = Имя записи (буквы, цифры, . _ - /)
help-chopvault-set--stdin = Прочитать значение со стандартного ввода
help-chopvault-set--from_file = Импортировать значение из открытого файла (например token.txt), затем стереть этот файл
help-chopvault-set--keep_source = С --from-file: оставить исходный файл на месте
help-chopvault-set--kind = Что это за значение [по умолчанию: yandex-disk для новой записи]
help-chopvault-set--kind--yandex-disk = OAuth-токен Яндекс Диска (365 дней, если не задан --expires)
help-chopvault-set--kind--generic = Что-то другое
help-chopvault-set--expires = Срок действия (ГГГГ-ММ-ДД или RFC 3339) или "never"
help-chopvault-set--client_id = Идентификатор OAuth-клиента (приложения)
help-chopvault-set--note = Произвольная заметка
help-chopvault-set--force = Заменить существующую запись без вопроса и принять дату --expires в прошлом
help-chopvault-get = Вывести значение в stdout или его метаданные с --json
help-chopvault-get--name = Имя записи
help-chopvault-get--json = Вывести метаданные в JSON вместо значения
help-chopvault-get--reveal = С --json: включить значение
help-chopvault-list = Список записей (читает только индекс метаданных: ничего не разблокирует)
help-chopvault-list--json = Вывести JSON
help-chopvault-list--names = Только имена, по одному в строке, из локального индекса, молча (для автодополнения; никогда не разблокирует и не обращается к серверу)
help-chopvault-rm = Удалить запись
help-chopvault-rm--name = Имя записи
help-chopvault-rm--force = Удалить без вопроса (нужно, когда нет терминала)
help-chopvault-rm--json = Вывести удалённое в JSON
help-chopvault-status = Хранилище и срок каждой записи; выход 10/11, когда срок скоро истекает / истёк
help-chopvault-status--warn_days = Предупреждать о токенах, истекающих в пределах стольких дней
help-chopvault-status--json = Вывести JSON
help-chopvault-export-after =
    Пример: chopvault export yandex-disk --dir ./CHOP_DEPLOY -- ./install.sh
    Код выхода — код установщика (128 + номер сигнала, если установщик убит сигналом).
help-chopvault-export = Записать DIR/token.txt только на время работы установщика, затем стереть
help-chopvault-export--name = Имя записи
help-chopvault-export--dir = Папка, в которую писать [по умолчанию: $CHOP_DEPLOY]
help-chopvault-export--file = Имя файла внутри DIR
help-chopvault-export--wait = Без установщика: держать файл, пока не нажат Enter или не пришёл сигнал
help-chopvault-export--ttl = Стереть файл через это время, даже если установщик ещё работает (например 90s, 5m, 1h)
help-chopvault-export--remove_after_read = Стереть файл, как только установщик прочитал его один раз (Linux)
help-chopvault-export--newline = Закончить файл переводом строки (по умолчанию — ровно токен)
help-chopvault-export--replace = Заменить существующий файл (заменяется имя; в сам файл никогда не пишется; никогда не через ссылку)
help-chopvault-export--no_wait = Если тот же файл использует другая выгрузка, отказать, а не ждать
help-chopvault-export--allow_expired = Выгрузить токен с истёкшим сроком (обычно отказ, выход 11)
help-chopvault-export--if_changed = Запускать установщик, только если токен не тот, что этот хост выгружал последним (его отпечаток хранится в папке состояния); иначе сказать об этом и выйти с кодом 0
help-chopvault-export--env = Передать токен установщику ещё и в этой переменной окружения
help-chopvault-export--keep_env = Передать установщику эту переменную, хотя она открывает хранилище (BAO_TOKEN, VAULT_TOKEN, CHOPVAULT_*); можно повторять
help-chopvault-export--allow_agent = Разрешить установщику пользоваться открытым агентом (обычно, пока идёт выгрузка, ему отказывают)
help-chopvault-export--as_user = Запустить установщик от имени этого пользователя с минимальным окружением; файл отдаётся ему (только для root)
help-chopvault-export--sandbox = Запустить установщик без сессионной шины и папки выполнения (если система этого не позволяет — отказ)
help-chopvault-export--command = Установщик и его аргументы, после --
help-chopvault-cleanup = Стереть файлы токенов, оставленные прерванной выгрузкой
help-chopvault-cleanup--force = Действовать и на выгрузки, записанные на другой машине или в другом пространстве PID (контейнере), чей процесс отсюда не проверить
help-chopvault-login = Получить первый токен Яндекс Диска через Яндекс OAuth и сохранить его
help-chopvault-login--name = Имя записи
help-chopvault-login--client_id = ClientID вашего OAuth-приложения Яндекса (без него руководство поможет создать приложение)
help-chopvault-login--device = Вход с кодом устройства: ввести короткий код на любом устройстве (для серверов без экрана); нужен секрет клиента
help-chopvault-login--code = Вход с кодом подтверждения: даёт и токен обновления; нужен секрет клиента
help-chopvault-login--stdin = Читать то, что вводилось бы (токен или адрес перенаправления, секрет клиента, код), из stdin, по одному в строке
help-chopvault-login--no_browser = Не пытаться открыть браузер
help-chopvault-rotate = Заменить потерянный или утёкший токен: новый токен, проверка, тот же аккаунт, замена, отзыв старого
help-chopvault-rotate--name = Имя записи
help-chopvault-rotate--client_id = Использовать этот ClientID вместо сохранённого
help-chopvault-rotate--allow_account_change = Принять новый токен другого аккаунта Яндекса
help-chopvault-rotate--device = Вход с кодом устройства: ввести короткий код на любом устройстве (для серверов без экрана); нужен секрет клиента
help-chopvault-rotate--code = Вход с кодом подтверждения: даёт и токен обновления; нужен секрет клиента
help-chopvault-rotate--stdin = Читать то, что вводилось бы (токен или адрес перенаправления, секрет клиента, код), из stdin, по одному в строке
help-chopvault-rotate--no_browser = Не пытаться открыть браузер
help-chopvault-verify = Спросить Яндекс, работает ли токен и чей он (выход 12 — отвергнут, 13 — нет связи)
help-chopvault-verify--name = Имя записи
help-chopvault-verify--write = Проверить и запись: загрузить маленький файл в app:/ и удалить его
help-chopvault-verify--json = Вывести JSON
help-chopvault-refresh = Продлить токен сохранённым токеном обновления
help-chopvault-refresh--name = Имя записи
help-chopvault-check = По строке на запись и общий код выхода, для cron и мониторинга
help-chopvault-check--warn_days = Предупреждать о токенах, истекающих в пределах стольких дней
help-chopvault-check--verify = Спросить Яндекс и о каждом токене yandex-disk (разблокирует хранилище)
help-chopvault-check--refresh_due = Сообщать о токенах, чей токен обновления не использовался 90 дней
help-chopvault-check--json = Вывести JSON
help-chopvault-history = Что происходило с записью: её события и её версии KV в OpenBao
help-chopvault-history--name = Имя записи
help-chopvault-history--json = Вывести JSON
help-chopvault-recipients = Кто может открывать командное хранилище и кто может в него писать: list, add, remove
help-chopvault-recipients-list = Список получателей: имена, ключи и кто может писать ("вы" отмечает ваш)
help-chopvault-recipients-list--json = Вывести JSON
help-chopvault-recipients-add = Добавить участника: с карточкой (из chopvault whoami) он читает и пишет; с одним получателем age1… — только читает
help-chopvault-recipients-add--card = Карточка участника: age1… ssh-ed25519 AAAA… [имя] (в кавычках или без) или один age1…
help-chopvault-recipients-remove = Удалить участника: он больше не сможет открывать новые версии, а подписанное им хранилище будет отвергаться
help-chopvault-recipients-remove--recipient = Его карточка (age1… ssh-ed25519 AAAA… имя, в кавычках или без), его получатель age (age1…) или имя в его карточке
help-chopvault-recipients-remove--force = Разрешить удалить получателя вашего собственного ключа
help-chopvault-members = Участники, закреплённые за хранилищем на этой машине: показать их или принять известное вам изменение
help-chopvault-members-show = Показать участников, закреплённых на этой машине, и собственный список хранилища
help-chopvault-members-accept = Доверять нынешним участникам и подписавшему (после показа изменения): для изменения, о котором вы знаете
help-chopvault-members-accept--yes = Принять, не спрашивая (нужно, когда нет терминала): только после того, как вы проверили показанное изменение
help-chopvault-members-accept--rollback = Принять и поколение старше закреплённого здесь (откат; записанное после него эта машина потеряет)
help-chopvault-members-trust = Доверять этим участникам ещё до первого использования: файл allowed_signers OpenSSH (имя ssh-ed25519 AAAA…), как для ssh-keygen -Y verify
help-chopvault-members-trust--file = Файл allowed_signers
help-chopvault-whoami = Вывести вашу карточку участника (age1… ssh-ed25519 AAAA… имя), чтобы пишущие участники командного хранилища её добавили
help-chopvault-whoami--name = Имя в карточке [по умолчанию: user@host]
help-chopvault-whoami--ssh_key = Ещё и записать ваш ключ подписи участника в FILE — незашифрованный закрытый ключ OpenSSH (0600, существующий файл не перезаписывается), чтобы подписывать хранилище через ssh-keygen -Y sign
help-chopvault-whoami--generate = Создать новый ключ age в FILE (0600, существующий файл не перезаписывается) и вывести его карточку — чтобы вступить в командное хранилище, когда ключа ещё нет
help-chopvault-migrate = Перенести каждую запись (значение, метаданные, историю) в другое хранилище, проверить каждую, переключить настройки, затем удалить старые копии
help-chopvault-migrate--to = Хранилище, в которое перенести все записи
help-chopvault-migrate--to--keyring = Связка ключей ОС
help-chopvault-migrate--to--file = Файл, зашифрованный age
help-chopvault-migrate--to--openbao = KV v2 на сервере OpenBao / HashiCorp Vault
help-chopvault-migrate--to_vault = С --to file: новое хранилище [по умолчанию: путь хранилища по умолчанию]
help-chopvault-migrate--to_identity = С --to file: ключ age, который будет открывать новое хранилище (с --generate-identity: где его создать)
help-chopvault-migrate--new_passphrase_file = С --to file без ключа: файл с правами 0600 с паролем нового хранилища (иначе он спрашивается)
help-chopvault-migrate--keep_old = Оставить записи в старом хранилище после переноса (иначе они удаляются)
help-chopvault-migrate--force = Перезаписать одноимённые записи, которые в новом хранилище уже есть с другим значением
help-chopvault-migrate--generate_identity = Создать новый ключ age (в --identity или в папке настроек) и зашифровать хранилище для него
help-chopvault-migrate--recipients = Сделать этого человека участником (можно повторять; для команды): с карточкой из chopvault whoami (age1… ssh-ed25519 AAAA… имя, в кавычках) он читает и пишет; с одним получателем age1… — только читает
help-chopvault-migrate--unlock_for = Разблокировать при первом запросе: агент держит ключ хранилища столько времени после каждого ввода пароля (сохраняется как unlock_for в настройках; например 15m)
help-chopvault-migrate--name = Имя в вашей карточке участника хранилища с ключами [по умолчанию: user@host]
help-chopvault-migrate--work_factor = Коэффициент работы scrypt (log2 N) хранилища с паролем, сохраняется при каждой записи [по умолчанию: 18, 256 МиБ]
help-chopvault-migrate--addr = Адрес OpenBao / Vault; для кластера укажите каждый узел, повторив параметр [по умолчанию: $BAO_ADDR, затем $VAULT_ADDR]
help-chopvault-migrate--namespace = Пространство имён OpenBao / Vault [по умолчанию: $BAO_NAMESPACE при запуске]
help-chopvault-migrate--mount = Раздел KV версии 2 на сервере; вложенный путь вроде team/kv тоже подходит
help-chopvault-migrate--prefix = Префикс пути записей chopvault внутри раздела KV
help-chopvault-migrate--ca_cert = Дополнительный сертификат УЦ (PEM), которому доверять для этого сервера
help-chopvault-migrate--token_file = Файл с правами 0600, в котором токен OpenBao (иначе BAO_TOKEN / VAULT_TOKEN или связка ключей)
help-chopvault-migrate--token_to_keyring = Прочитать токен OpenBao (запрос или stdin из конвейера) и хранить его в связке ключей ОС
help-chopvault-migrate--auth = Входить в OpenBao самому, а не получать токен; токен входа кешируется, продлевается и заменяется
help-chopvault-migrate--auth--approle = AppRole: --role-id-file и --secret-id-file
help-chopvault-migrate--auth--cert = Клиентский сертификат TLS: --client-cert и --client-key
help-chopvault-migrate--auth--jwt = JWT: --role и --jwt-file
help-chopvault-migrate--auth--kubernetes = Сервисный аккаунт Kubernetes: --role [--jwt-file]
help-chopvault-migrate--auth_mount = Где смонтирован способ входа [по умолчанию: по имени способа]
help-chopvault-migrate--role = Роль для входа (jwt, kubernetes; для cert — роль сертификата)
help-chopvault-migrate--role_id_file = AppRole: файл с role id
help-chopvault-migrate--secret_id_file = AppRole: файл 0600 с secret id или с токеном-обёрткой для него (разворачивается один раз)
help-chopvault-migrate--jwt_file = JWT или Kubernetes: файл с JWT [для kubernetes по умолчанию — токен сервисного аккаунта пода]
help-chopvault-migrate--client_cert = Cert: клиентский сертификат (PEM)
help-chopvault-migrate--client_key = Cert: закрытый ключ сертификата, файл 0600 (PEM)
help-chopvault-unlock = Один раз спросить пароль хранилища и отдать ключ агенту, чтобы дальнейшие команды в любом терминале больше не спрашивали
help-chopvault-unlock--for_ = Сколько агент держит ключ самое большее (90s, 15m, 1h)
help-chopvault-unlock--idle = Забыть ключ после такого времени без запросов [по умолчанию: значение --for]
help-chopvault-lock = Завершить агент: следующая команда снова спросит пароль
help-chopvault-rekey = Преобразовать хранилище с паролем в ключ, защищённый паролем (vault.key.age), сменить пароль или заменить сам ключ (--new-key)
help-chopvault-rekey--new_passphrase_file = Прочитать новый пароль из первой строки этого файла с правами 0600 (иначе он спрашивается дважды)
help-chopvault-rekey--work_factor = Коэффициент работы scrypt (log2 N) файла ключа [по умолчанию: 18 или текущий]
help-chopvault-rekey--new_key = Заменить сам ключ: новый ключ, хранилище перешифровано для него, и копии старого файла ключа открывают только то, что было записано раньше
help-chopvault-agent-serve = Сам процесс агента (его запускает unlock)
help-chopvault-reindex = Перестроить индекс метаданных по хранилищу (например после git pull командного хранилища)
help-chopvault-doctor = Что не так с этой настройкой и как это исправить (выход 1, если что-то не в порядке)
help-chopvault-doctor--json = Вывести JSON
help-chopvault-completions = Вывести автодополнение для оболочки
help-chopvault-completions--shell = Оболочка
help-chopvault-man = Вывести страницу руководства (roff) или записать по странице на каждую команду в папку
help-chopvault-man--dir = Записать chopvault.1 и chopvault-COMMAND.1 для каждой команды в DIR (создаётся при необходимости)
# Слова самого clap.
clap-usage = Использование:
clap-options = Параметры
clap-arguments = Аргументы
clap-commands = Команды
clap-command-value = КОМАНДА
clap-help-flag = Показать справку
clap-version-flag = Показать версию
clap-help-subcommand = Показать эту справку или справку по указанным командам
clap-default = [по умолчанию:
clap-possible-values = [возможные значения:
clap-possible-values-heading = Возможные значения:
clap-env = [переменная:
clap-aliases = [псевдонимы:
clap-alias = [псевдоним:
clap-options-placeholder = [ПАРАМЕТРЫ]
clap-error-unknown-argument = неизвестный аргумент '{ $arg }'
    .level = usage
clap-error-invalid-subcommand = нет такой команды: '{ $command }'
    .level = usage
clap-error-missing-required = не указаны обязательные аргументы: { $args }
    .level = usage
clap-error-missing-subcommand = нужна команда
    .level = usage
clap-error-invalid-value = недопустимое значение '{ $given }' для '{ $arg }' (возможные значения: { $valid })
    .level = usage
clap-error-value-validation = недопустимое значение '{ $given }' для '{ $arg }': { $why }
    .level = usage
clap-error-conflict = аргумент '{ $arg }' нельзя использовать вместе с '{ $other }'
    .level = usage
clap-error-repeated = у '{ $arg }' неверное число значений
    .level = usage
clap-error-other = командная строка не разобрана
    .level = usage
clap-error-suggested = {"  "}совет: похожие: { $suggestion }
cli-entry-name-hint = используйте латинские буквы, цифры и . _ - / (части между косыми чертами), например yandex-disk или kazan/yandex-disk.
    .level = hint
cli-more-help-hint = подробнее — в '--help'.
    .level = hint
man-section-name = ИМЯ
man-section-synopsis = ОБЗОР
man-section-description = ОПИСАНИЕ
man-section-options = ПАРАМЕТРЫ
man-section-subcommands = КОМАНДЫ
man-section-version = ВЕРСИЯ
man-section-extra = ДОПОЛНИТЕЛЬНО
man-file-config = хранилище, выбранное init, пути хранилища и ключа, unlock_for; секретов нет
man-file-vault = хранилище age файлового хранилища
man-file-key = его ключ, защищённый паролем; делайте его резервную копию вместе с хранилищем
man-file-signature = отдельная подпись SSH последней записи хранилища с ключами; коммитьте её вместе с хранилищем
man-file-indexes = индекс метаданных каждого хранилища age (без значений)
man-file-members = участники, закреплённые за каждым хранилищем с ключами
man-file-events = журнал событий: время, команда, запись, отпечаток, итог; никогда не значение
man-file-exports = журнал идущих выгрузок
man-file-migration = перенос между хранилищами, который переключён, но ещё не прибран (только имена и отпечатки)
man-file-agent-socket = сокет агента (иначе /tmp/chopvault-UID/)
man-description-top-stores = chopvault хранит токены развёртывания, например OAuth-токен Яндекс Диска, который установщик RiCoder читает из token.txt, и никогда — открытым текстом: в связке ключей ОС, в файле, зашифрованном age (он открывается паролем или, если файл в git делит команда, ключами age), или на сервере OpenBao / HashiCorp Vault. init выбирает хранилище и объясняет выбор; migrate переносит все записи в другое.
man-description-top-export = export кладёт значение записи в DIR/token.txt только на время работы установщика и затем стирает файл, что бы ни случилось (см. chopvault-export(1)).
man-description-top-watch = У каждой записи есть метаданные (вид, срок действия, отпечаток, последняя проверка, история) в индексе, который list, status и check читают, ничего не открывая, — поэтому cron следит за сроками без ключа. verify спрашивает Яндекс, действует ли ещё токен; rotate и login получают новый.
man-description-top-sudo = У каждого пользователя свои настройки и своё хранилище. Запущенный от root (например, через sudo), chopvault не читает и не меняет хранилище, файл ключа, индекс и состояние другого пользователя, а называет владельца и команду, которую надо запустить вместо этого (sudo -u ВЛАДЕЛЕЦ chopvault …): всё, что root записал бы туда, закрыло бы доступ самому владельцу.
man-description-export-steps = Сначала — быстрые проверки (запись, папка, нет ли уже token.txt), потом хранилище открывается. Запись в журнале о файле, который сейчас появится, попадает на диск раньше самого файла; затем в DIR создаётся token.txt (права 0600, никогда не через символическую ссылку и не поверх существующего файла, если не указан --replace), и в нём ровно токен.
man-description-export-installer = Установщик не получает токен ни в аргументах, ни в окружении: путь к файлу ему сообщает CHOPVAULT_TOKEN_FILE, а переменные, открывающие хранилище, ему не передаются. Пока он работает, агент отказывает ему и всем процессам, которые он запускает. Код возврата — код самого установщика.
man-description-export-wipe = Файл стирается, когда установщик завершается, когда истекает --ttl или, с --remove-after-read, как только установщик его прочитал: файл, записанный chopvault, перезаписывается через его собственный дескриптор и сбрасывается на диск, а имя удаляется, только если оно всё ещё указывает на этот файл. Файл, который установщик перенёс или подменил, остаётся на месте, и chopvault сообщает, что где лежит.
man-description-export-signals = Ctrl-C или любой другой сигнал, который завершил бы chopvault (HUP, INT, QUIT, TERM и подобные), сразу стирает файл. Сигнал передаётся установщику один раз (Ctrl-C в терминале доходит до него сам, и второй раз его не шлют), а chopvault завершается вместе с установщиком.
man-description-export-journal = Если убит сам chopvault (SIGKILL, отключение питания), журнал в $XDG_STATE_HOME/chopvault/exports/ всё ещё помнит файл: следующая команда chopvault видит, что процесса выгрузки больше нет, стирает файл и сообщает об этом (chopvault cleanup делает это по запросу). После работы установщика chopvault ищет в DIR копии токена, которые тот мог сделать.
man-description-set-input = Значение никогда не передаётся аргументом командной строки: в терминале его спрашивают дважды со скрытым вводом, из канала его читает --stdin, из файла его импортирует --from-file. Перед сохранением оно проверяется: токен Яндекса с пробелом, буквой другого алфавита или невидимым символом не принимается, и ничего не сохраняется.
man-description-set-import = --from-file импортирует token.txt с открытым текстом и затем стирает его (--keep-source оставляет файл). Прежде чем заменить непустую запись, команда спрашивает в терминале; в скрипте для этого нужен --force.
man-description-unlock-agent = unlock один раз спрашивает пароль и передаёт ключ хранилища агенту на время сеанса (--for, по умолчанию 15 минут); следующие команды спрашивают агента, а не вас. lock заставляет его сразу забыть ключ; агент также завершается, если за --idle к нему никто не обратился.
man-description-unlock-refuses = Агент слушает сокет в папке, куда можете войти только вы, и отвечает только вашим процессам; пока export выполняет установщик, агент отказывает установщику и всему, что тот запускает.
man-env-vault = как --vault: какое хранилище age использовать, даже без настроек
man-env-identity = как --identity: файл ключа age, который открывает хранилище
man-env-passphrase-file = как --passphrase-file: файл с правами 0600, первая строка которого — пароль
man-env-config = как --config: файл настроек
man-env-agent-socket = сокет агента вместо $XDG_RUNTIME_DIR/chopvault/agent.sock; он должен лежать в вашей папке, куда можете писать только вы
man-env-yandex-deadline = общий предел одного обращения к Яндексу в секундах (по умолчанию 30)
man-env-bao-server = сервер OpenBao / Vault и его токен
man-env-no-color = без цвета для префиксов ошибка:, предупреждение:, заметка: и подсказка:
man-env-chop-deploy = как export --dir: распакованная папка CHOP_DEPLOY, в которую пишется token.txt
man-env-token-file = её задаёт export для установщика: путь к файлу с токеном (сам токен в окружение не попадает никогда)
man-env-yandex-urls = базовые адреса Яндекс OAuth и API Диска (по умолчанию https://oauth.yandex.ru и https://cloud-api.yandex.net); тесты направляют их на локального двойника
man-env-http = тайм-аут одного HTTP-запроса в секундах (по умолчанию 20) и первая пауза перед повтором в миллисекундах (по умолчанию 500, затем вдвое больше)
man-env-bao-tls = OpenBao: файл и папка сертификатов CA, которым доверять, сертификат и ключ клиента (mTLS), пространство имён; также под именами VAULT_*; важнее настроек
man-env-openbao-timeout = OpenBao: срок одного запроса вместе с переходами между узлами и повторами (по умолчанию 10s; также --timeout)
man-env-scrypt = двоичный логарифм стоимости scrypt для ключа, который создают init и rekey без --work-factor (по умолчанию 18); меньшее значение ослабляет защиту хранилища
man-env-xdg = где лежат настройки, хранилище, индекс, состояние и сокет агента (см. ФАЙЛЫ); без них — папки внутри HOME
man-env-sudo-user = её задаёт sudo: если root, запущенный через sudo, не имеет своего хранилища, chopvault называет пользователя, чьё хранилище он не тронул
man-exit-ok = успех
man-exit-error = ошибка: повреждённое хранилище, хранилище без подписи закреплённого участника, проблема с файлом, отвергнутый ввод
man-exit-usage = неверный вызов
man-exit-no-entry = нет такой записи
man-exit-unavailable = хранилище сейчас недоступно (связка ключей заблокирована или отсутствует, пароль спросить нельзя, сервер не работает)
man-exit-wrong-key = неверный пароль или ключ
man-exit-expires-soon = срок токена истекает в пределах окна предупреждения (status, check)
man-exit-expired = срок токена истёк
man-exit-rejected = Яндекс отверг токен
man-exit-unreachable = Яндекс недоступен
man-exit-cached = не удалось спросить хранилище (сервер недоступен, запечатан, токен отвергнут); status и check показывают сохранённые данные
man-exit-installer = любой другой код — в export это код самого установщика (128 + N, если его убил сигнал N)
man-manual = Команды пользователя
man-example-top-init = выбрать и создать хранилище (связку ключей, если она отвечает, иначе файл age)
man-example-top-import = импортировать открытый токен, затем стереть файл
man-example-top-export = token.txt только на время работы установщика
man-example-top-status = выход 10/11, когда срок токена скоро истекает / истёк
man-example-export-installer = записать token.txt, запустить установщик, стереть файл
man-example-export-ttl = стереть через пять минут, даже если установщик ещё работает
man-example-set-prompt = спрашивается дважды, скрытым вводом
man-example-set-stdin = из конвейера
man-example-unlock-for = спросить пароль один раз; дальнейшие команды спрашивают агента
man-example-unlock-lock = забыть ключ сейчас
man-example-recipients-add = разрешить bob читать и писать (его карточка из chopvault whoami)
man-example-recipients-remove = bob не сможет открывать новые версии
man-example-migrate-to-file = из связки ключей рабочего стола в хранилище age, которое работает по SSH
man-example-migrate-to-openbao = на сервер, для парка машин
man-example-migrate-again = запустить ещё раз после прерывания: перенос будет завершён
man-example-status-cron = строка для cron
man-section-files = ФАЙЛЫ
man-section-environment = ОКРУЖЕНИЕ
man-section-exit-status = КОДЫ ВЫХОДА
man-section-examples = ПРИМЕРЫ
man-section-see-also = СМ. ТАКЖЕ
man-env-var = Также можно задать переменной окружения { $name }.
keyring-no-session-bus = по адресу { $address } не отвечает сеансовая шина D-Bus
file-identity-junk = в файле ключа есть не только ключи (строка { $line })
cmd-recipients-you = {"  "}(вы)
man-env-lang = язык сообщений, справки и этой страницы: ru… — русский, иначе английский; решает первая заданная
event-set = задано
event-import = импорт
event-login = вход
event-rotate = замена
event-unchanged = без замены
event-refresh = продление
event-verify = проверка
event-verify-write = проверка записи
event-migrated = перенос
