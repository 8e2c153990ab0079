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

cli-duration-such-90s-5m = длительность не больше { $days } дней, например 90s, 5m или 1h
cli-work-factor = целое число от { $min } до { $max }
cli-duration-not-zero = длительность больше нуля, например 90s, 5m или 1h
cli-yyyy-mm-dd-rfc = ГГГГ-ММ-ДД, время в формате RFC 3339 или 'never'
cli-clientid-32-hex-characters = ClientID: 32 шестнадцатеричных символа, он показан на странице вашего приложения на oauth.yandex.ru
cli-plain-file-name-inside = простое имя файла внутри папки
cli-text-without-invisible = текст без невидимых символов ({ $code } в позиции { $p } не видно)
cli-variable-name = имя переменной
cli-option = параметр
cli-takes = : ожидается { $s }
cli-error-value-given-not =
    ошибка: значение, переданное в '{ $arg }', не подходит{ $why }; оно не показано — вдруг это секрет

    { $hint }
    {""}
cli-whole-number = целое число, например 30
cli-value-cyrillic = ; { $letters } — { $n ->
        [one] русская буква
       *[other] русские буквы
    }: наберите значение латиницей
cli-error-value-refused =
    ошибка: значение '{ $value }' не подходит для '{ $arg }'{ $why }{ $layout }

    { $hint }
    {""}
cli-error-argument-was-given =
    ошибка: передан аргумент, которого chopvault здесь не принимает; он не показан — вдруг это секрет.
    подсказка: значения никогда не передаются аргументами: введите значение в ответ на запрос или используйте --stdin или --from-file FILE. Если это был токен, он теперь в истории вашей оболочки: удалите его оттуда (history -d N или правкой файла истории) и подумайте о замене токена.
    {""}
cli-error-forgotten-dashes =
    ошибка: '{ $program }' — это программа или путь, а не аргумент chopvault: перед ним пропущено --.
    подсказка: Установщик и его аргументы пишутся после --: { $line }
    {""}
config-config-file-not-valid = файл настроек { $path } некорректен: { $why }
config-line-not-setting-chopvault = строка { $n } — не настройка chopvault или записана не в той форме
config-not-chopvault-configuration = это не файл настроек chopvault
context-os-keyring-service = связка ключей ОС, служба '{ $value }'
context-kv-v2-mount-prefix = { $addr }, раздел KV v2 '{ $mount }', префикс '{ $prefix }'
context-warning-showing-metadata-cached = chopvault: предупреждение: { $e }; показаны метаданные, сохранённые при последнем обращении.
context-warning-vault-changed-since = chopvault: предупреждение: хранилище { $vault } изменилось после записи его индекса (git pull?); список может быть устаревшим. Обновите его: chopvault reindex
context-warning-no-index-here = chopvault: предупреждение: на этой машине ещё нет индекса хранилища { $vault } (свежий клон?), поэтому его записи не показать, не открыв его. Постройте индекс: chopvault reindex
context-unlock-config-takes-not = unlock_for в настройках принимает { $why }, а не '{ $text }'
context-warning-could-not-write = chopvault: предупреждение: не удалось записать журнал событий { $event_log }: { $e }
entry-entry-name-has-1 = имя записи содержит от 1 до 128 символов
entry-entry-name-s-parts = части имени записи между косыми чертами не могут быть пустыми, . или ..
error-see-what-takes-chopvault = Что принимает команда: chopvault --help или chopvault COMMAND --help.
error-unset-test-setting = Исправьте значение или уберите переменную: unset { $var }
error-run-chopvault-doctor-checks = Запустите chopvault doctor: он проверит настройку и назовёт исправление.
error-see-what-takes-chopvault-2 = Что принимает команда: chopvault { $c } --help
error-fix-chmod-600 = Исправьте так: chmod 600 { $path }
error-point-chopvault-file-itself = Укажите chopvault сам файл.
error-check-path-too-large = Проверьте путь: токен, пароль или настройки занимают гораздо меньше.
error-free-some-space-vault = Освободите место; хранилище осталось как было.
error-check-path-nothing-there = Проверьте путь: там ничего нет.
error-file-belongs-to-root = { $path } принадлежит пользователю { $owner }, а не вам; если его создала команда, запущенная через sudo, верните его себе: sudo chown { $user }: { $path }
error-file-belongs-to-other = { $path } принадлежит пользователю { $owner }, а не вам. Запустите команду от его имени (sudo -u { $user } chopvault …) или попросите у него доступ.
error-permission-on-own-file = Файл ваш, но его права (или права папки на пути к нему) не пускают вас: посмотрите их командой ls -ld { $path } и дайте себе доступ через chmod u+rw (для папки — u+rwx).
error-see-entries-chopvault-list = Список записей: chopvault list
error-did-you-mean-entry = Может быть, вы имели в виду '{ $near }'? Список записей: chopvault list
error-try-again-scripts-read = Проверьте раскладку клавиатуры и Caps Lock и попробуйте ещё раз; сценарии берут пароль из --passphrase-file.
error-give-identity-vault-was = Укажите в --identity ключ, для которого зашифровано хранилище.
error-ask-member-removed = Спросите участника с правом записи, не удалили ли вас; чтобы вас добавили снова, пришлите ему свою карточку: chopvault whoami
error-file-was-left-untouched = Файл не тронут. Восстановите его из резервной копии или переместите и выполните chopvault init.
error-file-was-left-untouched-2 = Файл не тронут. Посмотрите его: age -d -i IDENTITY { $path } (или age -d для хранилища с паролем); восстановите его из резервной копии или из истории репозитория.
error-run-chopvault-init-point = Выполните chopvault init или укажите в --vault существующее хранилище.
error-look-entry-again-chopvault = Посмотрите запись ещё раз (chopvault get NAME --json) и повторите команду.
error-give-age-identity-file = Укажите в --identity файл ключа age (такой, как создаёт age-keygen).
error-keep-values-age-file = { $value }. Чтобы хранить значения в файле age: chopvault migrate --to file (там, где связка ключей открывается) или chopvault init --store file, пока хранилище ещё не настроено.
error-check-mount-kv-version = Проверьте, что хранилище — движок KV версии 2, а --addr указывает на сервер OpenBao или Vault; ничего не изменено.
error-run-chopvault-init = Выполните: chopvault init
error-root-has-its-own-settings = Вы запустили chopvault от root через sudo: собственные настройки root лежат в { $config }, а хранилище пользователя { $user } не просматривалось и не менялось. Чтобы работать с ним, запустите команду без sudo (или так: sudo -u { $user } chopvault …); чтобы завести хранилище для самого root: chopvault init
error-run-as-owner = Запустите её от имени владельца: sudo -u { $user } chopvault …
error-set-home-xdg-data = Задайте HOME или XDG_DATA_HOME.
error-run-command-terminal-asked = Запустите команду в терминале, чтобы ответить на вопрос, или передайте --force в сценарии.
error-fix-remove-line-chopvault = Исправьте или удалите эту строку (файл пишет chopvault; секретов в нём нет) или переместите файл и выполните chopvault init.
error-copy-token-again-yandex = Скопируйте токен из Яндекса ещё раз; для значения, которое не является токеном Яндекса, передайте --kind generic.
error-copy-token-again-type = Скопируйте токен ещё раз или наберите его: этот символ не виден, но был бы сохранён.
error-check-input-holds-just = Проверьте, что на входе только токен, одной строкой.
error-get-new-token-chopvault = Получите новый токен: chopvault rotate { $name }. Чтобы всё равно выгрузить этот: --allow-expired.
error-pipe-value-stdin-import = Передайте значение через конвейер с --stdin или импортируйте файл с --from-file.
error-run-command-again = Запустите команду ещё раз.
error-holds-no-secrets-move = Секретов в нём нет: переместите его и сохраните каждую запись заново или восстановите его из резервной копии.
error-remove-first-pass-replace = Сначала удалите его или передайте --replace, чтобы перезаписать.
error-remove-link-chopvault-never = Удалите ссылку; chopvault никогда не пишет через ссылки.
error-wait-finish-leave-out = Дождитесь окончания (без --no-wait chopvault ждёт сам) или выгрузите в другую папку.
error-create-point-dir-chop = Создайте её или укажите в --dir (или в CHOP_DEPLOY) распакованную папку CHOP_DEPLOY.
error-likely-causes-expired-was = Вероятные причины: срок истёк, токен отозван, сменились пароль или 2FA аккаунта или права приложения. Получите новый: chopvault rotate NAME
error-check-network-proxy-settings = Проверьте сеть и настройки прокси и попробуйте ещё раз; ничего не изменено.
error-paste-token-shown-yandex = Вставьте токен, который показал Яндекс, или весь адрес, на котором остановился браузер.
error-start-over-move-config = Чтобы начать заново, переместите файл настроек; хранилища никогда не перезаписываются.
error-if-yandex-disk-token = Если это токен Яндекс Диска, сохраните его как таковой: chopvault set { $name } --kind yandex-disk --force
error-look-those-entries-new = Посмотрите эти записи в новом хранилище; чтобы перезаписать их значениями из старого, передайте --force.
error-upgrade-chopvault-version-knows = Обновите chopvault до версии, которая это знает, или перенесите запись вручную командами get и set.
error-nothing-was-switched-removed = Ничего не переключено и не удалено; проверьте новое хранилище (chopvault doctor) и запустите migrate ещё раз.
error-run-chopvault-migrate-again = Запустите chopvault migrate --to { $to } ещё раз, чтобы удалить их до конца.
error-holds-no-secrets-if = Секретов в нём нет: если перенос сейчас не идёт, удалите его ({ $path }) и повторите команду.
error-check-path-output-can = Проверьте, что путь или вывод доступен для записи (диск заполнен, канал закрыт?), и повторите команду.
error-give-stdin-stdin-one = Передайте его на stdin с --stdin (по одному ответу в строке).
error-use-vault-choose-another = Используйте его через --vault или выберите другой путь; существующее хранилище никогда не перезаписывается.
error-run-chopvault-init-store = Выполните chopvault init --store openbao --addr URL ещё раз.
error-replace-chopvault-rotate = Замените его: chopvault rotate { $name }
error-make-sure-app-has = Убедитесь, что у приложения есть права на Яндекс Диск, и начните заново.
error-sign-right-account-rotate = Войдите в нужный аккаунт и повторите rotate или передайте --allow-account-change.
error-get-new-token-chopvault-2 = Получите новый токен: chopvault rotate { $name } --code (или --device), чтобы он был и впредь
error-rotate-once-code-device = Замените токен один раз с --code или --device, чтобы сохранить его: chopvault rotate { $name }
error-remove-hand-run-chopvault = Удалите его вручную или выполните: chopvault cleanup
error-vault-still-opens-old = Хранилище по-прежнему открывается старым паролем. Переместите файл ключа (mv { $key } { $key2 }.unused) и запустите chopvault rekey ещё раз.
error-convert-once-chopvault-rekey = Преобразуйте его один раз: chopvault rekey (потом оно открывается одним scrypt за сеанс).
error-commands-still-work-they = Команды продолжают работать: они спрашивают пароль. См. chopvault doctor.
error-agent-socket-unsafe = Нужна ваша папка, куда можете писать только вы (chmod 700), или уберите CHOPVAULT_AGENT_SOCKET, если она указывает на чужой сокет. Команды продолжают работать: они спрашивают пароль.
error-if-agent-still-runs = Если агент ещё работает, завершите его: pkill -u $USER -f 'chopvault agent-serve' (его сокет: { $value }).
error-run-command-again-if = Запустите команду ещё раз; если агент тем временем заблокирован, разблокируйте его (chopvault unlock) или дайте команде спросить пароль.
error-use-identity-made-age = Используйте ключ, созданный age-keygen или chopvault init --generate-identity.
error-send-your-card-chopvault = Отправьте свою карточку (chopvault whoami) участнику с правом записи и попросите выполнить: chopvault recipients add CARD
error-ask-member-who-can = Попросите участника с правом записи добавить вашу карточку: chopvault recipients add CARD
error-another-tool-wrote-cost = Его записала другая программа с такой стоимостью. Понизьте её там, где хватает памяти: chopvault rekey --work-factor 18.
error-nothing-was-read-restore = Из него ничего не прочитано. Восстановите его и { $sig } из истории репозитория; если вы знаете, почему подписи нет, обсудите это с командой, прежде чем выполнить: chopvault members accept
error-nothing-was-read-if = Из него ничего не прочитано. Если команда добавила этого участника и участник, которому вы доверяете, это подтверждает, примите изменение, прочитав его: chopvault members accept
error-store-again-chopvault-set = Сохраните его заново: chopvault set { $name }
error-give-ca-signed-chopvault = Укажите УЦ, который его подписал: chopvault init --store openbao --ca-cert FILE (или исправьте сертификат сервера).
error-check-mount-prefix-chopvault = Проверьте хранилище и префикс (chopvault status).
error-run-command-again-choose = Запустите команду ещё раз и выберите пароль длиннее.
error-enter-passphrase-put-one = Введите пароль или запишите его в первую строку файла пароля.
error-team-vault-made-identities = Командное хранилище создаётся с ключами: chopvault init --vault team.age --generate-identity --recipient CARD
error-members-belong-identity-vaults = Участники бывают только у хранилищ с ключами; см. chopvault recipients --help.
error-members-not-accepted = Хранилище по-прежнему отвергается. Сверьте изменение с командой и снова выполните chopvault members accept.
error-members-accept-needs-yes = Прочтите показанное выше изменение, сверьте его с командой, затем выполните: chopvault members accept --yes
error-only-passphrase-key-file = Сменить можно только пароль файла ключа: он лежит рядом с хранилищем как VAULT.key.age.
error-see-them-chopvault-recipients = Список: chopvault recipients list
error-remove-by-card-instead = Укажите, кого именно: его карточкой или его получателем age, как показано выше.
error-add-another-recipient-first = Сначала добавьте другого получателя.
error-add-another-member-s = Сначала добавьте карточку другого участника: chopvault recipients add CARD
error-pass-force-if-what = Передайте --force, если вы действительно этого хотите.
error-another-tool-wrote-cost-2 = Его записала другая программа с такой стоимостью. Расшифруйте его через age -d на машине, где хватает памяти, и сохраните записи в хранилище, созданное chopvault init.
error-could-not = не удалось { $doing }: { $e }
error-needed-there-no-terminal = нужно ввести { $what }, а терминала, чтобы спросить, нет
error-already-exists-existing-vault = { $path } уже существует; существующее хранилище никогда не перезаписывается
error-config-names-openbao-store = в настройках указано хранилище openbao, но не указан сервер
error-already-holds-token = '{ $name }' уже содержит токен
error-yandex-rejects-new-token = Яндекс отвергает новый токен (HTTP { $status } { $error }); ничего не сохранено
error-new-token-belongs-yandex = новый токен принадлежит аккаунту Яндекса '{ $after }', а не '{ $before }'; ничего не изменено
error-has-no-refresh-token = у '{ $name }' нет токена обновления (у токенов, полученных вручную, его нет)
error-client-secret-not-stored = секрет клиента для '{ $name }' не сохранён
error-could-not-remove = не удалось удалить { $path }: { $error }
error-stored-not-wiped = токен сохранён в записи '{ $name }', но стереть { $path } не удалось: { $error }
error-stored-not-wiped-hint = Запись сохранена (импортировать заново не нужно). В файле по-прежнему лежит открытый токен: удалите его от имени того, кто может писать в его папку (shred -u { $path }), или перенесите в другое место.
error-exists-but-vault-still = { $key } существует, но хранилище { $vault } всё ещё открывается паролем: прошлый rekey был прерван
error-vault-passphrase-vault-before = хранилище { $vault } открывается паролем и создано до файлов ключей ({ $key } не существует): агент не может держать его пароль
error-agent-could-not-take = агент не смог принять ключ: { $e }
error-could-not-reach-agent = не удалось связаться с агентом: { $e }
error-no-store-set-up = хранилище ещё не настроено
error-root-on-users-file = { $path } принадлежит пользователю { $owner }, а команда запущена от root: всё записанное ею досталось бы root, и владелец потерял бы к этому доступ; ничего не прочитано и не изменено
error-cannot-tell-where-your = непонятно, где хранить ваши файлы: HOME не задана
error-refusing-value = значение из источника «{ $from }» не принято: { $e }
error-holds-nothing-was-done = '{ $name }' содержит { $what }; ничего не сделано: чтобы { $action } без вопроса, передайте --force
error-token-expired-days-ago = срок токена в '{ $name }' истёк { $days ->
        [0] сегодня
        [one] { $days } день назад
        [few] { $days } дня назад
       *[other] { $days } дней назад
    }; установщик получил бы мёртвый токен
error-store-already-set-up = хранилище уже настроено: { $what }
error-generic-entry-only-yandex = '{ $name }' — запись типа generic: проверять, заменять и обновлять через Яндекс можно только токены yandex-disk
fsutil-could-not = не удалось { $action } { $path }: { $source }
fsutil-symlink-not-regular-file = { $path } — символическая ссылка или не обычный файл; использовать его нельзя
fsutil-too-large = { $path } больше { $limit } — больше из такого файла chopvault не читает; файл не прочитан
fsutil-size-kib = { $n } КиБ
fsutil-size-mib = { $n } МиБ
lib-removed-left-export-was = chopvault: удалён { $path }, оставленный прерванной выгрузкой.
lib-warning-export-was-killed = chopvault: предупреждение: прерванная выгрузка записала { $path }, но теперь там другое содержимое; файл не тронут.
lib-warning-could-not-remove = chopvault: предупреждение: не удалось удалить { $path }, оставленный прерванной выгрузкой: { $e }. Удалите его вручную.
lib-warning-dropped-export-journal = chopvault: предупреждение: отброшена запись журнала выгрузок с файлом { $path }, который выгрузка никогда не пишет; ничего не тронуто.
lib-note-export-was-recorded = chopvault: заметка: выгрузка { $path } записана на другой машине или в другом пространстве PID; она может ещё идти, поэтому файл не тронут. Если она закончилась: chopvault cleanup --force
lib-warning = chopvault: предупреждение: { $why }
lifecycle-stdin-ended-before-was = stdin закончился раньше, чем было введено: { $what }
lifecycle-prompt = запрос
lifecycle-machine = эта машина
lifecycle-chopvault = chopvault на { $host }
lifecycle-open-address-sign-account =
    Откройте этот адрес, войдите в аккаунт, на Диск которого идут резервные копии, и разрешите доступ:

    {"  "}{ $url }

    Затем Яндекс покажет код подтверждения.
lifecycle-open-address-sign-account-2 =
    Откройте этот адрес, войдите в аккаунт, на Диск которого идут резервные копии, и разрешите доступ:

    {"  "}{ $url }

    Затем вставьте токен, который покажет Яндекс (или весь адрес, на котором остановится браузер).
lifecycle-any-device-open-enter = На любом устройстве откройте { $verification_url } и введите код { $user_code }
lifecycle-not-confirmed-within-s = не подтверждено за { $expires_in } с
lifecycle-owner-unknown-app-folder = владелец неизвестен (токен папки приложения)
lifecycle-disk-used = , занято { $value } из { $value2 } Диска
migrate-new-store-already-holds = в новом хранилище уже есть другие значения с именами { $value }; ничего не перенесено
migrate-keeps-secret-beside-value = '{ $value }' хранит рядом со значением секрет '{ $value2 }', который эта версия chopvault перенести не может; ничего не перенесено
migrate-read-back-new-store = '{ $value }', прочитанное из нового хранилища, отличается от записанного; в настройках по-прежнему старое хранилище
migrate-migration-journal-cannot-used = журнал переноса { $path } нельзя использовать: { $why }
migrate-move-done-but-removing = перенос выполнен, но удалить старые копии из { $location } не удалось: { $error }
migrate-store = из хранилища { $from }
migrate-not-chopvault-journal = это не журнал chopvault
prompt-there-no-terminal-ask = нет терминала, чтобы спросить
prompt-two-entries-do-not = два ввода не совпадают
prompt-nothing-was-entered = ничего не введено
prompt-could-not-read-input = не удалось прочитать ввод: { $e }
prompt-y-n = { $question } [y/N, д — да]{" "}
prompt-warning-passphrase-weak-anyone = chopvault: предупреждение: этот пароль слабый ({ $why }): любой, кто скопирует папку хранилища, сможет подбирать его без ограничений. Четыре и более случайных слова дают надёжный пароль.
secret-value-empty = значение пустое
secret-value-not-utf-8 = значение — не текст UTF-8
secret-value-bytes-long-most = длина значения — { $n } байт; принимается не больше { $MAX_LEN }
secret-value-has-whitespace-inside = внутри значения есть пробельный символ (символ { $p })
secret-value-has-control-character = в значении есть управляющий символ (символ { $p })
sign-not-ssh-signature = это не подпись SSH
sign-not-chopvault-signature = это не подпись chopvault ({ $why })
agent-no-agent-running = агент не запущен
agent-cannot-create-agent-s = не удалось создать папку агента { $dir }: { $e }
agent-agent-closed-connection-answers = агент закрыл соединение (он отвечает только своему пользователю)
agent-agent-did-not-take = агент не принял запрос: { $e }
agent-agent-did-not-answer = агент не ответил: { $e }
agent-agent-s-answer-not = ответ агента не понят
agent-agent-did-not-sign = агент не подписал
agent-agent-refused-identity = агент отказался принять ключ
agent-server-cannot-find-chopvault-s = не найден исполняемый файл chopvault: { $e }
agent-server-cannot-start-agent = не удалось запустить агент: { $e }
agent-server-agent-did-not-start = агент не запустился: { $trim }
agent-server-agent-did-not-start-2 = агент не запустился вовремя
agent-server-cannot-listen = не удалось слушать { $path }: { $e }
export-journal-export-journal-not-private = журнал выгрузок { $dir } — не ваша личная папка (она должна принадлежать вам и иметь права 0700); ничего не очищено. Исправьте так: chmod 700 { $dir2 }
export-already-exists = { $path } уже существует
export-symlink-refusing-write-through = { $path } — символическая ссылка; писать через неё нельзя
export-folder-does-not-exist = папки { $path } не существует
export-another-export-using-right = { $path } сейчас использует другая выгрузка
export-supervise-could-not-install-signal = не удалось установить обработчики сигналов: { $e }
export-supervise-lost-track-installer = потерян контроль над установщиком: { $e }
export-supervise-error-installer-was-not = chopvault: ошибка: установщик { $shown } не найден
export-supervise-error-installer-not-executable = chopvault: ошибка: установщик { $shown } не исполняемый (chmod +x)
export-supervise-error-could-not-start = chopvault: ошибка: не удалось запустить установщик { $shown }: { $e }
export-supervise-hint-token-file-was = подсказка: файл токена удалён; проверьте команду после --.
export-supervise-inotify-not-available = inotify недоступен: { $e }
export-supervise-cannot-watch = не удалось следить за { $path }: { $e }
export-supervise-remove-after-read-needs = --remove-after-read работает только в Linux (inotify)
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
export-tokenfile-belongs-another-user-uid = { $folder } принадлежит другому пользователю (uid { $uid }), который может подменить папку или файл в ней
export-tokenfile-writable-other-users-has = { $folder } доступна на запись другим пользователям и не имеет sticky-бита: любой из них может подменить файл или папку (chmod go-w { $folder2 })
export-tokenfile-network-file-system-token = { $dir } находится в сетевой файловой системе ({ $fs_name }): токен пойдёт по сети, а стирание не достанет копий на сервере
export-tokenfile-inside-git-work-tree = { $dir } находится внутри рабочей копии git { $top }, и { $file_name } не игнорируется: добавьте его в .gitignore
yandex-disk-http-disk-api = HTTP { $s }{ $sep }{ $name } от API Диска
yandex-disk-http-disk-api-probe = HTTP { $s } от пробного запроса к API Диска
yandex-disk-http-when-asking-upload = HTTP { $s } { $error_name } при запросе ссылки для загрузки
yandex-disk-http-when-uploading-probe = HTTP { $status } при загрузке пробного файла
yandex-disk-deleting-probe-file-failed = не удалось удалить пробный файл
yandex-disk-deleting-probe-file-did = удаление пробного файла не завершилось
yandex-disk-http-when-deleting-probe = HTTP { $s } { $error_name } при удалении пробного файла
yandex-http-http-body-not-expected = HTTP { $status } с телом, которое не является ожидаемым JSON (строка { $line }, столбец { $column })
yandex-http-cannot-set-up-https = не удалось настроить HTTPS: { $e }
yandex-http-no-answer-yandex-within = нет ответа от Яндекса за { $value } с ({ $attempt ->
        [one] { $attempt } попытка
        [few] { $attempt } попытки
       *[other] { $attempt } попыток
    }; последняя: { $last_error })
yandex-http-http-after-tries = HTTP { $status } после { $attempt ->
        [one] { $attempt } попытки
       *[other] { $attempt } попыток
    }
yandex-http-answer-broke-off = ответ оборвался: { $e }
yandex-http-server-s-tls-certificate = TLS-сертификату сервера нет доверия (прокси перехватывает HTTPS?)
yandex-http-request-timed-out = время ожидания запроса истекло
yandex-http-could-not-connect-network = не удалось подключиться (нет сети, DNS, прокси или межсетевой экран?)
yandex-yandex-rejects-token-http = Яндекс отвергает токен (HTTP { $status } { $error })
yandex-yandex-oauth = Яндекс OAuth: { $value } ({ $error }
yandex-text = : { $description }
yandex-text-2 = )
yandex-yandex-could-not-reached = Яндекс недоступен: { $why }
yandex-yandex-s-answer-was = ответ Яндекса не понят: { $why }
yandex-url-not-https = в { $var } нужен адрес https://: каждый запрос несёт токен, а простой HTTP допустим только к этой машине (127.0.0.1, ::1, localhost), для тестовой заглушки. Ничего не отправлено
yandex-setting-number = { $var } принимает число от { $min } до { $max }. Ничего не отправлено
yandex-oauth-browser-came-back-error = браузер вернулся с ошибкой: { $value } ({ $error }{ $value2 }{ $description })
yandex-oauth-pasted-url-holds-no = во вставленном адресе нет access_token
yandex-oauth-pasted-token-not-usable = вставленный токен не подходит: { $e }
yandex-oauth-access-token-yandex-sent = токен доступа, присланный Яндексом, странный: { $e }
yandex-oauth-refresh-token-yandex-sent = токен обновления, присланный Яндексом, странный: { $e }
yandex-oauth-http-oauth-server = HTTP { $status } от сервера OAuth
yandex-oauth-odd-device-code = странный код устройства: { $e }
vault-index-metadata-index-damaged = индекс метаданных повреждён: { $why }
vault-index-line-column = строка { $line }, столбец { $column }
vault-index-not-index-chopvault-reads = { $path } — не индекс, который читает эта версия chopvault
store-keyring-could-not-start-keyring = не удалось начать обращение к связке ключей: { $e }
store-keyring-within-s-while = за { $as_secs } с во время действия: { $what }
store-keyring-locked-did-not-answer = { $p } заблокирован: он не ответил { $waited } (возможно, ждёт окна разблокировки)
store-keyring-keyring-did-not-answer = связка ключей не ответила { $waited }
store-keyring-keyring-not-available = связка ключей недоступна: { $p }
store-keyring-keyring-locked-refused-access = связка ключей заблокирована или отказала в доступе: { $p }
store-keyring-keyring-s-value-not = значение '{ $name }' в связке ключей — не текст, записанный chopvault
store-keyring-keyring-holds-several-values = в связке ключей несколько значений для '{ $name }'
store-keyring-remove-extra-ones-secret = Удалите лишние (secret-tool clear service { $SERVICE } username { $name }) и сохраните значение заново.
store-keyring-keyring-refused = связка ключей отказала: { $value }
store-keyring-longer-than = { $attr } длиннее { $max }
store-keyring-invalid = { $attr } некорректен: { $why }
store-keyring-not-supported = не поддерживается: { $what }
store-keyring-bad-store-format = неверный формат хранилища: { $why }
store-keyring-unexpected-keyring-error = неожиданная ошибка связки ключей
store-keyring-system-has-no-supported = в этой системе нет поддерживаемой связки ключей
store-keyring-keyring-did-not-answer-2 = связка ключей не ответила за { $waited }
store-keyring-locked = { $p } заблокирован
store-keyring-has-no-default-collection = у { $p } нет коллекции по умолчанию для хранения значений
store-keyring-keyring-did-not-answer-3 = связка ключей не ответила за { $waited } при проверке доступа
store-keyring-keyring-s-value-not-2 = значение { $service }/{ $user } в связке ключей не подходит: { $why }
store-keyring-store-again = Сохраните его заново.
store-keyring-keyring-s-value-not-3 = значение '{ $name }' в связке ключей не подходит: { $why }
store-memory-keyring-locked = связка ключей заблокирована
store-memory-unlock = Разблокируйте её.
store-stronger-passphrase-was-wanted = нужен более надёжный пароль; ничего не изменено
store-two-passphrases-do-not = два пароля не совпадают
store-passphrase-empty = пароль пустой
store-vault-unlocked-passphrase-has = это хранилище открывается паролем, получателей у него нет
store-passphrase-vault-has-no = у хранилища с паролем нет участников, которых можно закрепить
store-members-not-accepted = ничего не закреплено: изменение не принято
store-members-accept-needs-yes = members accept спрашивает перед тем, как закрепить, а спросить негде: терминала нет
store-vault-not-passphrase-vault = хранилище { $path } открывается не паролем
store-not-recipient-vault = { $who } — не получатель этого хранилища
store-name-several-members =
    имя '{ $name }' у { $count ->
        [one] { $count } участника
       *[other] { $count } участников
    }; никто не удалён:
    { $cards }
store-would-leave-vault-no = тогда у хранилища не останется ни одного получателя
store-would-leave-vault-no-2 = тогда у хранилища не останется ни одного участника с правом записи
store-would-lock-you-out = тогда вы потеряете доступ: не останется ни одного из ваших ключей
store-vault-asks-scrypt-work = хранилище { $path } требует коэффициент работы scrypt { $required }, больше предела chopvault { $max } (для 2^{ $max } нужно 4 ГиБ памяти)
store-no-entry-named = записи с именем '{ $name }' нет
store-vault-locked-wrong-passphrase = хранилище осталось заблокированным: неверный пароль
store-vault-locked-identity-not = хранилище осталось заблокированным: ключ { $path } не входит в число тех, для которых оно зашифровано
store-vault-locked-no-longer-member = хранилище осталось заблокированным: оно больше не зашифровано для ключа { $path }, хотя в прошлый раз эта машина видела вас среди участников: скорее всего, вас из него удалили
store-vault-cannot-read = хранилище { $path } не читается: { $why }
store-vault-malformed-nothing-was = хранилище { $path } испорчено: { $error }; из него ничего не прочитано
store-vault-does-not-exist = хранилища { $path } не существует
store-was-changed-another-writer = '{ $name }' изменил другой процесс (версия { $expected } стала { $found }); ничего не перезаписано
store-identity-file-not-usable = файл ключа { $path } не подходит: { $why }
store-answered-something-chopvault-does = { $from } ответил то, чего chopvault не понимает: { $why }
store-openbao-not-usable-token = { $var } — неподходящий токен: { $e }
store-openbao-token-file-not-usable = файл токена { $file } не подходит: { $e }
store-openbao-no-openbao-token = нет токена OpenBao для { $addr }
store-openbao-not-pem-certificate = { $ca } — не сертификат PEM
store-openbao-cannot-set-up-https = не удалось настроить HTTPS: { $e }
store-openbao-no-address = адрес OpenBao не настроен
store-openbao-client-certificate-unusable = клиентский сертификат { $cert } с ключом { $key } не подходит (нужны сертификат PEM и его закрытый ключ)
store-openbao-client-certificate-half = для клиентского сертификата нужны обе переменные, BAO_CLIENT_CERT и BAO_CLIENT_KEY (или client_cert и client_key в настройках)
store-openbao-check-token-bao-token = Проверьте токен (BAO_TOKEN, файл токена или связка ключей) и его политику: нужны create, read, update и delete на { $m }/data/{ $p }* и read и list на { $m }/metadata/{ $p }*.
store-openbao-openbao-tls-certificate-not = OpenBao на { $addr }: его TLS-сертификату нет доверия
store-openbao-timed-out = время ожидания истекло
store-openbao-connection-refused-no-route = соединение отвергнуто или нет маршрута
store-openbao-openbao-cannot-reached = OpenBao на { $addr } недоступен: { $why }
store-openbao-openbao-s-answer-broke = ответ OpenBao оборвался: { $e }
store-openbao-openbao-sealed = OpenBao на { $addr } запечатан (sealed)
store-openbao-openbao-refused-permission-denied = OpenBao отказал: нет прав ({ $errors })
store-openbao-node-could-not-answer = OpenBao на { $addr } не смог ответить: { $why }
store-openbao-node-state = { $addr } ({ $why })
store-openbao-no-node-answered = ни один узел OpenBao не ответил за { $secs } с: { $nodes }
store-openbao-failover = chopvault: ответил OpenBao на { $node } ({ $first }: { $why })
store-openbao-no-such-mount = на OpenBao { $addr } по пути '{ $mount }' не подключено ни одно хранилище секретов
openbao-node-certificate-not-trusted = его TLS-сертификату нет доверия
openbao-node-wants-client-certificate = он требует клиентский TLS-сертификат
openbao-node-client-certificate-unknown-ca = он не принял наш клиентский TLS-сертификат: не доверяет УЦ, который его подписал
openbao-node-client-certificate-expired = он не принял наш клиентский TLS-сертификат: срок его действия истёк
openbao-node-client-certificate-revoked = он не принял наш клиентский TLS-сертификат: сертификат отозван
openbao-node-client-certificate-refused = он не принял наш клиентский TLS-сертификат
openbao-node-sealed = запечатан (sealed)
openbao-node-standby-sent-to = резервный узел; он отправил запрос лидеру на { $leader }, а этого адреса нет среди настроенных
openbao-node-standby-no-leader = резервный узел, а лидер ещё не выбран
openbao-node-rate-limited-wait = превышена квота на частоту запросов; сервер просит подождать { $secs } с
openbao-node-rate-limited = превышена квота на частоту запросов, и ожидание не помогло (сервер не сказал, сколько ждать)
openbao-node-not-caught-up = он ещё не получил последнюю запись
openbao-node-answered-http = HTTP { $s }: { $errors }
store-openbao-openbao-answered-http-reading = OpenBao ответил HTTP { $s } при чтении '{ $name }'
store-openbao-answered-http-reading-said = OpenBao ответил HTTP { $s } при чтении '{ $name }': { $said }
store-openbao-was-deleted-server-version = '{ $name }' удалена на сервере (версия { $v })
store-openbao-restore-bao-kv-undelete = Восстановите так: bao kv undelete -mount={ $mount } -versions={ $v } { $prefix }{ $name }
store-openbao-server-s-value-not = значение '{ $name }' на сервере не подходит: { $e }
store-openbao-openbao-about = OpenBao на { $addr } (о '{ $name }')
store-openbao-not-kv-version-2 = не ответ KV версии 2 (строка { $line }, столбец { $column })
store-openbao-openbao-answered-http-writing = OpenBao ответил HTTP { $s } при записи '{ $name }'
store-openbao-version-not-number = версия — не число
store-openbao-openbao-does-not-accept = OpenBao на { $addr } не принимает токен (HTTP { $s })
store-openbao-openbao-answered-http-deleting = OpenBao ответил HTTP { $status } при удалении '{ $name }'
store-provider-unlock-gnome-keyring-log = Разблокируйте GNOME Keyring: войдите в графический сеанс или выполните gnome-keyring-daemon --unlock
store-provider-unlock-database-keepassxc-secret = Разблокируйте базу в KeePassXC, включив интеграцию Secret Service и открыв для неё группу (Настройки базы данных → Интеграция со Secret Service; Database Settings → Secret Service Integration)
store-provider-open-your-wallet-kwallet = Откройте бумажник в KWallet (kwalletmanager)
store-provider-unlock-keyring-served = Разблокируйте связку ключей, которую обслуживает { $name }
store-file-armor-armor-damaged = текстовая обёртка (armor) повреждена: { $why }
store-file-document-decrypted-content-not-valid = расшифрованное содержимое — не корректный документ хранилища (строка { $line }, столбец { $column })
store-file-document-decrypted-content-names-same = в расшифрованном содержимом одна запись или поле названы дважды (строка { $line }, столбец { $column }), и разные программы могли бы прочитать разные значения
store-file-document-decrypts-but-not-chopvault = оно расшифровывается, но это не хранилище chopvault
store-file-document-was-written-newer-chopvault = его записала более новая версия chopvault (версия документа { $v }; эта читает до { $VERSION })
store-file-keyfile-key-asks-scrypt-work = ключ { $path } требует коэффициент работы scrypt { $required }, больше предела chopvault { $MAX_WORK_FACTOR } (для 2^{ $MAX_WORK_FACTOR } нужно 4 ГиБ памяти)
store-file-work-factor-env = { $var } принимает целое число от { $min } до { $max }: ниже 2^{ $min } пароль украденного файла ключа подбирается слишком дёшево
store-file-agent-holds-vault-s = агент, который держит ключ хранилища, не смог подписать запись в { $path }: { $e }
store-file-unlocked-s-unlock-config = chopvault: разблокировано на { $duration } (unlock_for в настройках); заблокировать раньше: chopvault lock.
store-file-note-agent-was-not = chopvault: заметка: агент не запущен: { $e }.
store-file-new-key-interrupted = chopvault: предыдущий rekey --new-key был прерван: введите новый пароль (или старый, если хранилище ещё не успело измениться).
store-file-new-key-finished = chopvault: прерванный rekey --new-key доведён до конца: в { $key } теперь новый ключ.
store-file-agent-dropped-old-key = chopvault: агент держал старый ключ и забыл его; новый возьмёт chopvault unlock.
store-file-agent-may-hold-old-key = chopvault: заметка: агент не ответил ({ $e }); возможно, он всё ещё держит старый ключ: chopvault lock его остановит.
store-file-note-asking-passphrase-instead = chopvault: заметка: { $e }; вместо этого спрашиваю пароль.
store-file-agent-key-is-another-vaults = chopvault: у агента есть ключ для этого хранилища, но он его не открывает (хранилище создали заново?); запрашиваю пароль. chopvault unlock передаст агенту новый ключ.
store-file-pending-signature-settled = chopvault: запись на этой машине прервалась до того, как .sig хранилища встал на место; теперь .sig лежит рядом с хранилищем (закоммитьте его вместе с хранилищем).
store-file-wrong-passphrase-try-again = chopvault: неверный пароль; попробуйте ещё раз ({ $value ->
        [one] осталась { $value } попытка
        [few] осталось { $value } попытки
       *[other] осталось { $value } попыток
    }).
store-file-identity-vault-needs-identity = хранилищу с ключами нужен ключ
store-file-pass-identity-file-generate = Передайте --identity FILE или --generate-identity.
store-file-vault-was-signed-identity = хранилище { $path } было подписанным хранилищем с ключами, а теперь открывается паролем: его могли подменить
store-file-nothing-was-read-restore = Из него ничего не прочитано. Восстановите его из истории репозитория или обсудите с командой.
store-file-vault-encrypted-age-identities = хранилище { $path } зашифровано для ключей age, а ключ не указан
store-file-pass-identity-file-set = Передайте --identity FILE или задайте CHOPVAULT_IDENTITY.
store-file-first-use-vault-here = хранилище { $shown_path } впервые используется здесь: его участники закреплены: { $value } (подписал { $value2 }). Сверьте их с командой; записи, сделанные кем-то другим, будут отвергаться.
store-file-members-changed-signed = участники изменились: { $value } (подписал { $value2 })
store-file-vault-now-signed-members = хранилище { $shown_path } теперь подписано участником { $value }; его участники закреплены: { $value2 }
store-file-warning-vault-not-signed = предупреждение: хранилище { $shown_path } не подписано (оно записано до того, как chopvault стал подписывать хранилища); следующая запись его подпишет
store-file-text = chopvault: { $note }
store-file-identity-file-holds-no = в файле ключа нет ключа X25519 (AGE-SECRET-KEY-1…), поэтому запись нельзя подписать
store-file-vault-signed-now-you = chopvault: теперь хранилище подписывается, и вы его единственный участник с правом записи; остальные получатели могут читать. Попросите у каждого карточку (chopvault whoami) и добавьте её: chopvault recipients add CARD
store-file-you-are-read-only = вы участник хранилища { $path } только для чтения: chopvault любого другого участника отверг бы подписанное вами хранилище, поэтому ничего не записано
store-file-none-your-identities-member = ни один из ваших ключей не принадлежит участнику, который может подписать это хранилище
store-file-recipient-not-valid = его получатель { $r } некорректен
store-file-vault-needs-passphrase-there = хранилищу нужен пароль, а терминала, чтобы спросить, нет
store-file-give-0600-passphrase-file = Укажите файл пароля с правами 0600 в --passphrase-file или CHOPVAULT_PASSPHRASE_FILE.
store-file-could-not-read-passphrase = не удалось прочитать пароль: { $e }
store-file-use-passphrase-file-scripts = В сценариях используйте --passphrase-file.
store-file-not-text = это не текст
store-file-holds-no-x25519-identity = в нём нет ключа X25519 (AGE-SECRET-KEY-1…)
store-file-holds-no-identity = в нём нет ключа
store-file-does-not-exist = его не существует
store-file-only-x25519-identities-age = поддерживаются только ключи X25519 (AGE-SECRET-KEY-1…)
store-file-trust-record-vault-s-members = запись об участниках этого хранилища, { $path }, повреждена
store-file-trust-move-away-then-open = Переместите её и откройте хранилище снова, чтобы заново записать его участников (сверьте их с командой).
store-file-trust-vault-not-signed-may = хранилище { $vault } не подписано, { $value }: его могли подделать или подменить
store-file-trust-signature-does-not-match = подпись { $value } не соответствует хранилищу (подписавшим в ней назван { $value2 }): хранилище изменено после подписи
store-file-trust-nothing-was-read-pull = Из него ничего не прочитано. Получите оба файла заново (хранилище и его .sig приходят вместе) или восстановите их из истории репозитория.
store-file-trust-vault-s-signature-cannot = подпись хранилища не читается: { $why }
store-file-trust-nothing-was-read-restore = Из него ничего не прочитано. Восстановите файл .sig из истории репозитория.
store-file-trust-vault-signed-ssh-ed25519 = хранилище { $vault } подписано { $value } (ssh-ed25519 …{ $short }), а это не один из участников, закреплённых на этой машине (посторонний или удалённый участник)
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
trust-first-use-trusted = хранилище { $shown_path } впервые используется здесь: его участники совпадают с доверенными ключами и закреплены: { $value } (подписал { $value2 })
trust-shared-name = chopvault: предупреждение: двое участников называются { $name }, но ключи у них разные: сверьте их отпечатки SHA256 с командой, прежде чем доверять кому-то из них.
trust-accept-unsigned = хранилище { $vault } не подписано, а здесь его уже видели подписанным: принять его — значит отключить проверку подписей
trust-accept-rollback-hint = Ничего не закреплено. Заберите свежее хранилище; чтобы намеренно вернуться к этому файлу, выполните: chopvault members accept --rollback
trust-accept-readded = + { $name } { $fingerprint }: удалён, как видела эта машина { $on }
trust-allowed-signers-bad-line = строка { $line } в { $path } не похожа на строку allowed_signers (имена [параметры] ssh-ed25519 AAAA…)
trust-allowed-signers-bad-line-hint = Исправьте эту строку (ssh-keygen -Y verify читает тот же формат) или уберите файл и снова выполните chopvault members trust ФАЙЛ.
trust-pins-folder-not-private = папку состояния chopvault { $path } (закреплённые участники, блокировки, ожидающие подписи) могут изменять другие пользователи (права { $mode }), это ссылка или она принадлежит не вам: её содержимое могли подменить
trust-pins-folder-not-private-hint = Проверьте её содержимое, затем выполните: chmod 700 { $path }
cmd-check-verified-valid = проверен, действителен
cmd-check-refresh-due-chopvault-refresh = пора обновить: chopvault refresh { $name }
cmd-check-text = { $name }: { $text } [{ $state }]
cmd-check-no-entries = записей нет
cmd-cleanup-no-token-file-was = chopvault: брошенных файлов токенов нет.
cmd-cleanup-export-progress-pid = chopvault: идёт выгрузка (pid { $pid }): { $path }
cmd-doctor-exports-progress = выгрузки: идёт { $n } ({ $value })
cmd-doctor-move-store-store-was = перенос из хранилища { $store } в хранилище { $store2 } прерван { $value }; могли остаться старые копии записей: { $len }
cmd-doctor-finish-chopvault-migrate = Завершите его: chopvault migrate --to { $store }
cmd-doctor-remove-holds-no-secrets = Удалите { $path }: секретов в нём нет.
cmd-doctor-text = { $tag }  { $what }
cmd-doctor-fix = {"      "}исправить: { $fix }
cmd-doctor-vault-file-private-0600 = файл хранилища { $vault } закрыт от других (0600)
cmd-doctor-vault-file-public = хранилище { $vault } доступно другим на чтение (права { $mode }): для командного хранилища в git это нормально — в нём только шифртекст для участников
cmd-doctor-identity-sits-beside-vault = ключ { $id } лежит рядом с хранилищем
cmd-doctor-identity-private = ключ { $id } закрыт от других
cmd-doctor-passphrase-work-factor-above = коэффициент работы пароля { $n }: больше { $value }, который читает chopvault
cmd-doctor-decrypt-age-d-where = Расшифруйте его через age -d там, где хватает памяти, и сохраните записи в новое хранилище.
cmd-doctor-passphrase-work-factor-mib = коэффициент работы пароля { $n } ({ $value } МиБ на разблокировку): ниже стандартного { $value2 }
cmd-doctor-passphrase-work-factor-mib-2 = коэффициент работы пароля { $n } ({ $value } МиБ на разблокировку), сохраняется при каждой записи
cmd-doctor-key-has-scrypt-work = у ключа { $key } коэффициент работы scrypt { $n } ({ $value } МиБ на разблокировку): ниже стандартного { $value2 }
cmd-doctor-passphrase-protected-key-scrypt = ключ { $key }, защищённый паролем (коэффициент работы scrypt { $n }, { $value } МиБ на разблокировку)
cmd-doctor-key-cannot-read = ключ { $key } не читается
cmd-doctor-restore-backup-vault-s = Восстановите его из резервной копии папки хранилища.
cmd-doctor-agent-holds-key-until = агент держит ключ до { $until }
cmd-doctor-agent-cannot-used = агент недоступен: { $e }
cmd-doctor-signed-vault-members-pinned = хранилище подписано; участники, закреплённые на этой машине: { $value }
cmd-doctor-beside-vault-not-used = { $old } рядом с хранилищем больше не используется (индекс живёт в папке данных chopvault)
cmd-doctor-delete-stop-committing-rm = Удалите его (и перестаньте его коммитить): rm { $old }
cmd-doctor-os-keyring-answers-unlocked = связка ключей ОС{ $by } отвечает и разблокирована
cmd-doctor-os-keyring = связка ключей ОС{ $by }
cmd-doctor-cannot-list-entries = не удалось получить список записей: { $e }
cmd-doctor-metadata-index-entries = индекс метаданных: { $len ->
        [one] { $len } запись
        [few] { $len } записи
       *[other] { $len } записей
    }
cmd-doctor-get-new-tokens-chopvault = Получите новые токены: chopvault rotate { $value }
cmd-doctor-expiring-within-days = истекают в ближайшие { $WARN_DAYS } дней: { $value }
cmd-doctor-rotate-before-they-expire = Замените их, пока не истекли: chopvault rotate { $value }
cmd-export-no-folder-write-into = некуда писать: передайте --dir DIR или задайте CHOP_DEPLOY — распакованную папку CHOP_DEPLOY
cmd-export-no-folder-here = некуда писать, а текущая папка похожа на распакованную CHOP_DEPLOY: добавьте --dir . (chopvault export { $name } --dir . -- ./install.sh)
cmd-export-warning-token-expires-days = chopvault: предупреждение: токен в '{ $name }' { $days ->
        [0] истекает сегодня
        [one] истекает через { $days } день
        [few] истекает через { $days } дня
       *[other] истекает через { $days } дней
    } ({ $value }); скоро замените его: chopvault rotate { $name2 }
cmd-export-agent-cannot-hold-off = не удалось попросить работающий агент отказывать установщику ({ $e }); установщик не запущен, ничего не записано
cmd-export-agent-cannot-hold-off-hint = Сначала заблокируйте агент (chopvault lock) или передайте --allow-agent, если установщику можно им пользоваться.
cmd-export-error-installer = chopvault: ошибка: установщик { $value } { $why }
cmd-export-hint-nothing-was-written = подсказка: ничего не записано; проверьте команду после --.
cmd-export-warning = chopvault: предупреждение: { $warning }
cmd-export-another-export-using-waiting = chopvault: { $target } использует другая выгрузка; жду её окончания (--no-wait вместо этого отказывает).
cmd-export-unchanged = chopvault: { $name } не менялся ({ $fingerprint }) с последней установки на этом хосте; установщик не запускался.
cmd-export-warning-cannot-remember = chopvault: предупреждение: не удалось запомнить, что установлено ({ $e }); следующий запуск с --if-changed установит снова.
cmd-export-place-press-enter-ctrl = chopvault: { $target } на месте. Нажмите Enter (или Ctrl-C), чтобы удалить его.
cmd-export-removed-installer-goes = chopvault: { $target } удалён ({ $value }); установщик продолжает работу.
cmd-export-installer-exited = chopvault: установщик завершился с кодом { $code }.
cmd-export-installer-ran-in = chopvault: установщик запускался в { $here }, а не в { $dir }: если он ищет файл с токеном рядом с собой, запустите его оттуда (cd { $dir }).
cmd-export-after-installer-exited = после того, как установщик завершился с кодом { $code }
cmd-export-signal-installer-exited = по сигналу { $s }; установщик завершился с кодом { $code }
cmd-export-when-ttl-ran-out = по истечении --ttl; установщик завершился с кодом { $code }
cmd-export-once-was-read-installer = после прочтения; установщик завершился с кодом { $code }
cmd-export-error-was-taken-away = chopvault: ошибка: { $target } забрали во время работы: { $value }; { $value2 }.
cmd-export-hint-check-what-installer = подсказка: проверьте, что установщик сделал со своим файлом токена; никогда не доверяйте файлу, который его заменил.
cmd-export-warning-was-replaced-during = chopvault: предупреждение: { $dir } подменили во время работы (переименовали или заменили ссылкой); токен удалён из папки, в которую был записан, где бы она теперь ни была, и больше ничего не тронуто.
cmd-export-note-search-copies-token = chopvault: заметка: поиск копий токена в { $dir } остановлен на пределе (20 000 файлов или 3 с); он неполон.
cmd-export-note-search-copies-token-2 = chopvault: заметка: поиск копий токена в { $dir } прерван; он неполон.
cmd-export-warning-token-also-appears = chopvault: предупреждение: токен ({ $fingerprint }) есть также в { $copy }: его скопировал туда установщик.
cmd-export-warning-token-also-appears-2 = chopvault: предупреждение: токен ({ $fingerprint }) есть также в { $copy }, файле, который был там до этой выгрузки: это открытая копия, оставленная раньше. Сотрите её, если она не нужна.
cmd-get-write-value = записать значение
cmd-init-store = хранилище { $store } в { $config_path }
cmd-init-values-will-live = chopvault: значения будут храниться здесь: { $location }.
cmd-init-saved-choice = chopvault: выбор сохранён в { $config_path }.
cmd-init-config-still-names-first = chopvault: в настройках по-прежнему первое хранилище; к этому обращайтесь с --vault { $vault } (или CHOPVAULT_VAULT).
cmd-init-warning-set-but-belongs = chopvault: предупреждение: { $var } задана, но относится к файловому хранилищу; для этого init она не учитывается.
cmd-init-recipient-not-member-card = --recipient — не карточка участника (age1… ssh-ed25519 AAAA… имя) и не получатель age: { $why }
cmd-init-identity-generate-identity-recipient = --identity, --generate-identity, --recipient и --vault относятся к файловому хранилищу
cmd-init-addr-ca-cert-token = --addr, --namespace, --ca-cert, --token-file, --token-to-keyring и --auth относятся к --store openbao
cmd-init-asked-store-file = так задано в --store file
cmd-init-asked-store-openbao = так задано в --store openbao
cmd-init-asked-store-keyring = так задано в --store keyring
cmd-init-age-identities-vault-path = указаны ключи age или путь к хранилищу
cmd-init-os-keyring-answered-unlocked = связка ключей ОС ответила и разблокирована
cmd-init-os-keyring-not-usable = связка ключей ОС недоступна ({ $e })
cmd-init-os-keyring-was-not-usable = связка ключей ОС была недоступна
cmd-init-store-because = chopvault: хранилище: { $kind }, потому что { $because }.
cmd-init-store-openbao-needs-addr = --store openbao требует --addr URL (или BAO_ADDR)
cmd-init-warning-plain-http-tokens = chopvault: предупреждение: { $addr } — обычный HTTP: токены пойдут по сети незашифрованными. Используйте https://.
cmd-init-openbao-token = токен OpenBao
cmd-init-openbao-token-os-keyring = chopvault: токен OpenBao хранится в связке ключей ОС.
cmd-init-openbao-secret-id-unwrapped = chopvault: обёрнутый secret id развёрнут и хранится в { $path } (0600).
cmd-init-auth-needs = --auth { $method } требует { $flags }
cmd-init-warning-cannot-list = chopvault: предупреждение: не удалось получить список { $mount }{ $prefix }: { $e }
cmd-init-new-age-identity-public = chopvault: новый ключ age в { $path } (открытый ключ { $public }). Сохраните копию в надёжном месте: без него хранилище не открыть.
cmd-init-warning-identity-sits-same = chopvault: предупреждение: ключ лежит в той же папке, что и хранилище; любой, кто скопирует папку, откроет хранилище. Храните ключи отдельно (см. SECURITY.md).
cmd-init-recipient-needs-identity-generate = --recipient требует --identity или --generate-identity: вы сами должны уметь открыть хранилище
cmd-init-age-identity = ключом age { $path }
cmd-init-passphrase = паролем
cmd-init-passphrase-protects-key-scrypt = паролем, который защищает ключ { $value } (коэффициент работы scrypt { $work_factor }); в резервную копию кладите оба файла
cmd-init-bad-name = неверное --name: { $why }
cmd-init-created-age-vault-unlocked = chopvault: создано хранилище age { $vault }; оно открывается { $described }.
cmd-init-resolve-path = определить путь { $path }
cmd-list-no-entries-store-add = chopvault: в хранилище { $kind } ({ $location }) нет записей. Добавьте запись: chopvault set NAME
cmd-login-not-clientid-has-32 = '{ $client_id }' — не ClientID: в нём 32 шестнадцатеричных символа (0-9, a-f)
cmd-login-stored-expires = chopvault: сохранено в '{ $name }': { $value }, истекает { $value2 } ({ $fingerprint }){ $value3 }.
cmd-login-no-client-id-no = нет --client-id, и нет терминала, чтобы провести вас через создание приложения: передайте --client-id ID
cmd-login-yandex-disk-token-issued =
    Токен Яндекс Диска выдаётся OAuth-приложению, которое вы создаёте один раз:

    {"  "}1. Откройте https://oauth.yandex.ru/client/new и войдите в аккаунт
    {"     "}(или нажмите «Создать приложение» и выберите «Для доступа к API или отладки»).
    {"  "}2. Заполните поле «Название вашего сервиса» (и «Контактная почта»); если форма
    {"     "}спрашивает платформу, выберите «Веб-сервисы».
    {"  "}3. Redirect URI: https://oauth.yandex.ru/verification_code
    {"     "}(у приложений «Для доступа к API или отладки» он уже такой).
    {"  "}4. В разделе «Доступ к данным» добавьте четыре права
    {"     "}REST API Яндекс Диска:
    {"       "}cloud_api:disk.read        (чтение всего Диска)
    {"       "}cloud_api:disk.write       (запись в любом месте на Диске)
    {"       "}cloud_api:disk.app_folder  (доступ к папке приложения на Диске)
    {"       "}cloud_api:disk.info        (информация о Диске)
    {"  "}5. Нажмите «Создать приложение» и скопируйте его ClientID.
    {""}
cmd-login-clientid = ClientID:{" "}
cmd-login-read-clientid = прочитать ClientID
cmd-man-write-man-page = записать страницу руководства
cmd-man-wrote-man-pages-into = chopvault: записано страниц руководства: { $written }, в { $dir }.
cmd-members-members-belong-age-identity = участники бывают только у хранилищ age с ключами; это хранилище { $kind }
cmd-members-nothing-pinned-yet-first = пока ничего не закреплено: первая команда, которая откроет хранилище, закрепит его участников
cmd-members-pinned-machine = закреплены на этой машине ({ $value }):
cmd-members-members-changed = chopvault: участники изменились: { $change }
cmd-members-members-are-pinned = chopvault: участники такие, как закреплены.
cmd-members-nothing-was-pinned-vault = chopvault: для этого хранилища раньше ничего не было закреплено.
cmd-members-vault-signed = chopvault: хранилище подписано участником { $s }.
cmd-members-vault-not-signed-written = chopvault: хранилище не подписано (записано до того, как chopvault стал подписывать хранилища).
cmd-members-pinned-members = chopvault: закреплённые участники:
cmd-members-text-2 = {"  "}{ $card }
cmd-members-lineage = {"  "}хранилище { $id }, поколение { $generation } (впервые увидено здесь { $seen })
cmd-members-member = {"  "}{ $name }  { $fingerprint }  { $recipient }  { $key }
cmd-members-removed = {"  "}удалён: { $name }  { $fingerprint }  (удаление замечено здесь { $on }; отвергается, пока не выполнено chopvault members accept)
cmd-members-trusted-header = доверенные до первого использования ({ $count } { $count ->
        [one] ключ
        [few] ключа
       *[other] ключей
    }):
cmd-members-trusted-key = {"  "}{ $names }  { $fingerprint }
cmd-members-accept-swap = chopvault: это другое хранилище, не то, что закреплено здесь: в файле { $found }, закреплено { $pinned }. Принимайте, только если команда заменила хранилище намеренно.
cmd-members-accept-rollback = chopvault: ОТКАТ: этот файл — поколение { $found }, старше поколения { $pinned }, которое эта машина уже видела. Всё записанное после него (удаление участника, новый токен) для этой машины будет отменено.
cmd-members-accept-generation = chopvault: здесь закреплено поколение { $before }, в хранилище — { $now }.
cmd-members-accept-renamed = chopvault: в этом файле хранилище с именем { $name }, а не { $file }: принимайте, только если команда переименовала его намеренно (а не подложила сюда файлы другого хранилища).
cmd-members-accept-fork = chopvault: РАЗВИЛКА: здесь закреплено поколение { $generation } с другим содержимым; если принять, эта машина оставит это и забудет другое.
cmd-members-accept-untrusted = chopvault: { $key } нет среди ваших доверенных ключей (chopvault members trust): приняв изменение, вы всё равно будете ему доверять.
cmd-members-accept-question = Закрепить этих участников?
cmd-members-accepted = chopvault: { $count ->
        [one] закреплён { $count } участник
        [few] закреплено { $count } участника
       *[other] закреплено { $count } участников
    }.
cmd-members-trust-done = chopvault: { $count ->
        [one] { $count } ключ теперь доверенный
        [few] { $count } ключа теперь доверенные
       *[other] { $count } ключей теперь доверенные
    }: при первом использовании хранилища на этой машине его участники должны совпасть с ними, иначе оно будет отвергнуто.
cmd-members-trust-too-large = { $file } больше { $max } КиБ — это не файл allowed_signers
cmd-members-trust-not-text = { $file } не текстовый файл — это не файл allowed_signers
cmd-members-trust-no-keys = в { $file } нет ни одного ключа ssh-ed25519 для пространства имён chopvault
cmd-migrate-vault-identity-new-passphrase = --to-vault, --to-identity и --new-passphrase-file относятся к --to file
cmd-migrate-moved-here-store-chopvault = перенесено сюда из хранилища { $store } командой chopvault migrate
cmd-migrate-warning-listed-but-old = chopvault: предупреждение: '{ $value }' есть в списке, но в старом хранилище значения нет; пропущено.
cmd-migrate-copied-read-each-back = chopvault: { $len ->
        [one] скопирована { $len } запись
        [few] скопированы { $len } записи
       *[other] скопировано { $len } записей
    } в новое хранилище ({ $location }); каждая прочитана обратно.
cmd-migrate-config-now-names-store = chopvault: теперь в настройках хранилище { $store } ({ $config_path }).
cmd-migrate-finishing-move-store-store = chopvault: завершаю перенос из хранилища { $store } в хранилище { $store2 }, прерванный { $value }.
cmd-migrate-old-copies-stay-keep = chopvault: старые копии остаются в { $location } (--keep-old); chopvault их больше не использует.
cmd-migrate-warning-changed-old-store = chopvault: предупреждение: '{ $value }' изменилось в старом хранилище после переноса; это значение оставлено там.
cmd-migrate-removed = chopvault: удалено из { $location }: { $len ->
        [one] { $len } запись
        [few] { $len } записи
       *[other] { $len } записей
    }.
cmd-migrate-old-vault-may-still = chopvault: старое хранилище { $vault } может оставаться в резервных копиях или в истории git; удалите его, когда оно станет не нужно.
cmd-migrate-nothing-move = { $why }; переносить нечего
cmd-migrate-cannot-resolve-vault = не удалось определить --to-vault: { $e }
cmd-migrate-vault-one-use-give = хранилище { $vault } уже используется; для нового укажите --to-vault
cmd-migrate-vault-exists-moving-entries = chopvault: хранилище { $vault } существует; переношу записи в него.
cmd-migrate-cannot-resolve-identity = не удалось определить --to-identity: { $e }
cmd-mod-no-expiry-date = без срока действия
cmd-mod-expired-days-ago = истёк { $d ->
        [0] сегодня
        [one] { $d } день назад
        [few] { $d } дня назад
       *[other] { $d } дней назад
    } ({ $value })
cmd-mod-expires-days-renew = { $d ->
        [0] истекает сегодня
        [one] истекает через { $d } день
        [few] истекает через { $d } дня
       *[other] истекает через { $d } дней
    } ({ $value }) — { $next }
cmd-mod-next-refresh = продлите: chopvault refresh { $name }
cmd-mod-next-rotate = замените: chopvault rotate { $name }
cmd-mod-next-set = сохраните новый: chopvault set { $name }
cmd-mod-expires-days = истекает через { $d ->
        [one] { $d } день
        [few] { $d } дня
       *[other] { $d } дней
    } ({ $value })
cmd-mod-value-set = значение типа { $kind } ({ $fingerprint }, задано { $value }, { $value2 })
cmd-mod-holds = '{ $name }' содержит { $what }. { $verb }?
cmd-recipients-recipients-belong-age-vaults = получатели бывают только у хранилищ age; это хранилище { $kind }
cmd-recipients-not-member-card-age1 = это не карточка участника (age1… ssh-ed25519 AAAA… имя) и не получатель age: { $why }
cmd-recipients-text = chopvault: { $said }
cmd-recipients-note-index-was-not = chopvault: заметка: индекс не обновлён: { $e }
cmd-recipients-can-no-longer-open = chopvault: { $removed } больше не может открывать новые версии хранилища, а подписанное этим ключом хранилище отвергается везде, где это изменение уже видели. Но всё, что было сохранено до сих пор (и старые копии файла, например в git), этот участник мог прочитать: замените эти токены{ $value }.
cmd-recipients-can-now-open-vault = { $label } теперь может открывать хранилище только для чтения: подписанное им хранилище отвергается. Чтобы дать право записи, добавьте его карточку (chopvault whoami).
cmd-recipients-was-already-recipient = { $label } уже был получателем.
cmd-recipients-was-already-member-who = { $label } уже был участником с правом записи.
cmd-recipients-can-now-open-write = { $label } теперь может открывать и записывать хранилище (оно перешифровано и подписано). chopvault остальных участников примет изменение при следующем открытии и покажет его.
cmd-recipients-passphrase-vault-no-recipients = (хранилище с паролем: получателей нет)
cmd-recipients-can-write = { $value }  { $r }  { $key }  может писать{ $you }
cmd-recipients-read-only = -  { $r }  только чтение{ $you }
cmd-refresh-refreshed-expires = chopvault: '{ $name }' обновлён ({ $fingerprint }), истекает { $value }.
cmd-reindex-keyring-store-s-index = chopvault: индекс хранилища в связке ключей — его единственные метаданные; перестраивать нечего.
cmd-reindex-openbao-migrated = chopvault: метаданные перенесены к значению у записей: { $count }.
cmd-reindex-index-lists-entries-store = chopvault: в индексе { $count ->
        [one] { $count } запись
        [few] { $count } записи
       *[other] { $count } записей
    }, как и в хранилище.
cmd-rekey-rekey-age-vaults-protected = rekey — для хранилищ age, защищённых паролем; это хранилище { $kind }
cmd-rekey-vault-opens-identity-file = хранилище { $vault } открывается файлом ключа { $id }, а не паролем: менять ключ нечего
cmd-rekey-now-new-passphrase = chopvault: теперь задайте новый пароль.
cmd-rekey-passphrase-changed-scrypt-work = chopvault: пароль { $key } изменён (коэффициент работы scrypt { $work_factor }); само хранилище не переписывалось. Разблокированный агент продолжает работать.
cmd-rekey-same-key-note = chopvault: заметка: сам ключ не изменился: копия прежнего { $key } со старым паролем по-прежнему открывает это хранилище, в том числе всё, что будет записано дальше. Если такая копия могла где-то остаться, замените ключ: chopvault rekey --new-key
cmd-rekey-now-passphrase-will-protect = chopvault: теперь пароль, который будет защищать новый ключ (он может быть прежним).
cmd-rekey-vault-now-encrypted-key = chopvault: хранилище { $vault } теперь зашифровано для ключа { $key } (коэффициент работы scrypt { $work_factor }) и подписано. Делайте резервную копию папки: нужны оба файла. Обычный age его открывает: age -d -i { $key2 } { $vault2 }
cmd-rekey-new-key-done = chopvault: хранилище { $vault } теперь зашифровано для нового ключа из { $key } (коэффициент работы scrypt { $work_factor }) и подписано старым, поэтому машины остальных участников примут это изменение. Копии старого файла ключа открывают только то, что записано до этой минуты; если такая копия могла утечь, замените токены (chopvault rotate).
cmd-rm-kept = chopvault: запись '{ $name }' оставлена.
cmd-rm-removed = chopvault: запись '{ $name }' удалена{ $value }.
cmd-rotate-has-no-clientid-stored = для '{ $name }' не сохранён ClientID: rotate просит у Яндекса новый токен для того приложения, которому был выдан старый, и ему нужен ClientID этого приложения
cmd-rotate-has-no-clientid-hint = ClientID (32 шестнадцатеричных символа) указан на странице вашего приложения на oauth.yandex.ru (там перечислены созданные вами приложения). Передайте его один раз: chopvault rotate { $name } --client-id ID — дальше он хранится вместе с новым токеном.
cmd-rotate-not-clientid-32-hex = '{ $client_id }' — не ClientID (32 шестнадцатеричных символа)
cmd-rotate-yandex-gave-back-same = chopvault: Яндекс вернул тот же токен, что уже хранится в '{ $name }' ({ $fingerprint }, { $value }); он проверен и оставлен, ничего не отозвано. Он действует до { $value2 }.
cmd-rotate-hint-get-different-token = подсказка: чтобы получить другой токен (скажем, этот утёк), завершите этот в настройках аккаунта Яндекс ID (Устройства / приложения; Devices / apps) и снова выполните rotate.
cmd-rotate-now-holds-new-token = chopvault: в '{ $name }' теперь новый токен ({ $fingerprint }, { $value }, истекает { $value2 }).
cmd-rotate-old-token-still-works = chopvault: старый токен ({ $fingerprint }) действует до окончания срока: через API Яндекс отзывает только токены, выданные для устройства при известном секрете клиента. { $manual }
cmd-rotate-revoked-old-token = chopvault: старый токен ({ $fingerprint }) отозван.
cmd-rotate-yandex-cannot-revoke-old = chopvault: Яндекс не может отозвать старый токен через API (он не привязан к устройству). { $manual }
cmd-rotate-old-token-was-already = chopvault: старый токен уже не действовал или принадлежит другому приложению.
cmd-rotate-warning-could-not-revoke = chopvault: предупреждение: не удалось отозвать старый токен: { $e }. { $manual }
cmd-set-expires-past-token-would = --expires { $value } в прошлом: токен был бы сохранён просроченным; передайте --force, если вы этого и хотите
cmd-set-kept-was = chopvault: запись '{ $name }' оставлена как была.
cmd-set-warning-still-holds-token = chopvault: предупреждение: в { $path } по-прежнему лежит открытый токен (--keep-source).
cmd-set-wiped = chopvault: { $path } стёрт.
cmd-set-note-no-client-id = chopvault: заметка: для '{ $name }' не сохранён ClientID, а он понадобится команде rotate. Он указан на странице вашего приложения на oauth.yandex.ru: сохраните его при первой замене (chopvault rotate { $name } --client-id ID) или добавьте --client-id ID при следующем set.
cmd-set-warning-expiry = chopvault: предупреждение: '{ $name }': { $expiry }.
cmd-set-from-folder = { $path } — это папка: --from-file ожидает сам файл с токеном (например, { $path }/token.txt)
cmd-set-no-expiry = без срока действия
cmd-set-replaced-set = ; заменено { $fingerprint }, заданное { $value }
cmd-set-stored = chopvault: запись '{ $name }' сохранена из источника «{ $source }» ({ $kind }, { $fingerprint }, { $expiry }){ $was }.
cmd-set-warning-token-also-appears = chopvault: предупреждение: токен есть также в { $copy } (в открытом виде, не стёрт): удалите его, если он не нужен.
cmd-set-value = Значение для '{ $name }':{" "}
cmd-set-prompt = запрос
cmd-set-took-token-pasted-redirect = chopvault: из вставленного адреса перенаправления взят токен{ $value }.
cmd-status-store = хранилище: { $kind } ({ $location })
cmd-status-chosen-because = выбрано:   потому что { $b }
cmd-status-agent-unlocked-until-chopvault = агент:     разблокирован до { $until } (chopvault lock заканчивает это)
cmd-status-agent-locked-chopvault-unlock = агент:     заблокирован (chopvault unlock спросит пароль один раз на сеанс)
cmd-status-agent-memory-not-locked = {"           "}внимание: память агента не закреплена, и ключ может попасть в файл подкачки (как это исправить, подскажет chopvault doctor)
cmd-status-openbao-token-left = токен:     осталось { $secs } с (продлевается, когда прошла половина)
cmd-status-openbao-token-no-expiry = токен:     бессрочный
cmd-status-figures-cached = из кеша:   сервер не ответил; данные на { $as_of }
cmd-status-entries = записей:  { $len }
cmd-status-text = {"  "}{ $name }: { $kind } — { $when }{ $owner }{ $verified } [{ $value }]
cmd-status-export-progress-pid-since = идёт выгрузка: '{ $entry }' в { $path } (pid { $pid }, с { $value })
cmd-unlock-unlock-age-vaults-protected = unlock — для хранилищ age, защищённых паролем; это хранилище { $kind }, которому здесь пароль не нужен
cmd-unlock-vault-opens-identity-file = хранилище { $vault } открывается файлом ключа { $id }, который не спрашивает пароля: разблокировать нечего
cmd-unlock-unlocked-until-agent-pid = chopvault: разблокировано до { $value } (агент pid { $pid }{ $value2 }). До этого времени команды chopvault в любом терминале не спрашивают пароль; заблокировать раньше: chopvault lock
cmd-unlock-locked-agent-forgot-key = chopvault: заблокировано: агент забыл ключ и завершился.
cmd-unlock-no-agent-was-running = chopvault: агент не работал; блокировать нечего.
cmd-verify-valid = { $name }: действителен — { $value }{ $value2 }
cmd-verify-not-recorded = chopvault: результат проверки не записан: { $e }
cmd-whoami-no-identity = у вас здесь нет ключа age, а whoami выводит карточку ключа
cmd-whoami-no-identity-hint = Создайте ключ и выведите его карточку: chopvault whoami --generate { $path } (или age-keygen -o { $path }, затем chopvault whoami --identity { $path }). Если ключ уже есть, передайте --identity FILE или задайте CHOPVAULT_IDENTITY.
cmd-whoami-generate-has-identity = --generate создаёт новый ключ, а у вас ключ уже есть (--identity, CHOPVAULT_IDENTITY или настройки): его карточку выводит chopvault whoami
cmd-whoami-generated = chopvault: ваш новый ключ age записан в { $path } (0600). Это секрет: храните копию вне сети. Используйте его с --identity { $path } или CHOPVAULT_IDENTITY={ $path }. Ваша карточка:
cmd-whoami-bad-name = неверное --name: { $why }
cmd-whoami-ssh-key-written = chopvault: ваш ключ подписи ({ $key }) записан в { $path }. Это секрет: кто им владеет, тот подписывает записи в хранилище от вашего имени. Берегите его так же, как { $identity }. Подписать: ssh-keygen -Y sign -f { $path } -n chopvault ХРАНИЛИЩЕ
cmd-whoami-ssh-key-exists = { $path } уже существует, а --ssh-key никогда не перезаписывает файлы: укажите новое имя
cmd-whoami-ssh-key-several = в { $identity } несколько ключей X25519, а --ssh-key записывает один: положите ключ, которым подписываете, в отдельный файл и передайте его через --identity
cmd-export-removed = chopvault: { $path } удалён { $why } ({ $elapsed }).
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
error-keyring-start-unlock = Запустите и разблокируйте связку ключей (Secret Service, например GNOME Keyring или KeePassXC; по SSH — gnome-keyring-daemon --unlock)
error-oauth-invalid-client = Проверьте ClientID и секрет клиента на странице приложения на oauth.yandex.ru.
error-oauth-start-again-codes = Начните заново; коды живут недолго и действуют один раз.
error-oauth-start-again = Начните заново; ничего не изменено.
lifecycle-prompt-client-secret = Секрет клиента (Client secret) приложения:{" "}
lifecycle-what-client-secret = секрет клиента
lifecycle-prompt-code = Код подтверждения:{" "}
lifecycle-what-code = код подтверждения
lifecycle-prompt-token-or-address = Токен или адрес:{" "}
lifecycle-waiting-confirm = жду вашего подтверждения…
prompt-weak-common = он в списке самых распространённых паролей
prompt-weak-short = он короче 12 символов
prompt-weak-repeats = в нём повторяются несколько символов
prompt-not-utf8 = не UTF-8
prompt-vault-passphrase = Пароль хранилища:{" "}
prompt-new-vault-passphrase = Новый пароль хранилища:{" "}
prompt-same-passphrase-again = Тот же пароль ещё раз:{" "}
prompt-use-anyway = Всё равно использовать?
prompt-mismatch-try-again = chopvault: введённые пароли не совпадают; введите ещё раз ({ $left ->
        [one] осталась { $left } попытка
        [few] осталось { $left } попытки
       *[other] осталось { $left } попыток
    }).
prompt-choose-another = chopvault: тогда придумайте другой ({ $left ->
        [one] осталась { $left } попытка
        [few] осталось { $left } попытки
       *[other] осталось { $left } попыток
    }).
sign-bad-namespace = другое пространство имён
sign-bad-hash = хеш не SHA-256 и не SHA-512
sign-newer-version = формат SSHSIG версии { $version }: эта версия chopvault его не читает
sign-not-ed25519 = не ключ Ed25519
sign-malformed-signature = испорченная подпись Ed25519
sign-card-no-recipient = она не начинается с получателя age X25519 (age1…)
sign-card-no-ssh-key = её ключ — не открытый ключ SSH Ed25519 (ssh-ed25519 AAAA…)
sign-card-bad-name = её имя длиннее 64 символов или содержит управляющие либо невидимые символы
agent-dead = агент больше не работает (его убили; остался его сокет)
agent-refuses-installer = агент не отвечает установщику, запущенному из `chopvault export`: установщик получает только выданный ему токен, а не открытое хранилище
agent-refuses-installer-hint = Если установщику действительно нужно хранилище, запустите выгрузку с `chopvault export --allow-agent`.
agent-server-not-request = это не запрос
agent-server-not-x25519 = это не ключ X25519
agent-server-too-long = ключ просят держать дольше { $days } дней
agent-server-not-unlocked = не разблокирован
agent-server-bad-stanza = неверная строфа age
agent-server-bad-digest = неверный хеш
tokenfile-installer-not-found = не найден
tokenfile-installer-not-executable = не исполняемый (chmod +x)
yandex-waiting = жду Яндекс…
yandex-oauth-invalid-grant = код или токен обновления неверен, просрочен, уже использован или принадлежит другому приложению
yandex-oauth-bad-code = код подтверждения неверен
yandex-oauth-invalid-client = ClientID или секрет клиента неверен
yandex-oauth-unauthorized-client = приложению нельзя использовать этот способ (проверьте его платформы и права)
yandex-oauth-unsupported-token = Яндекс не может отозвать токен такого вида
yandex-oauth-expired-token = код устройства истёк до подтверждения
yandex-oauth-access-denied = в браузере отказали в доступе
yandex-oauth-invalid-scope = у приложения нет запрошенных прав
yandex-oauth-slow-down = слишком частые запросы
yandex-oauth-refused = Яндекс отклонил запрос
keyring-no-store = хранилище в связке ключей не настроено
keyring-checking-access = проверка доступа
keyring-doing-connecting = подключение
keyring-doing-reading = чтение
keyring-doing-writing = запись
keyring-doing-removing = удаление
openbao-hint-token-itself = Запишите туда сам токен.
openbao-hint-token-alone = Оставьте в файле только токен.
openbao-hint-set-token = Задайте BAO_TOKEN, укажите файл токена с правами 0600 (init --token-file) или сохраните его в связке ключей (init --token-to-keyring).
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
openbao-hint-kv2 = Проверьте, что хранилище — движок KV версии 2.
openbao-hint-check-token = Проверьте BAO_TOKEN / файл токена.
openbao-hint-new-token = Войдите заново или выпустите новый токен (bao token create) и передайте его chopvault.
openbao-hint-logs-in-again = Сохранённый токен входа выброшен: следующая команда войдёт заново.
openbao-token-expired-at = Срок токена OpenBao истёк { $at }.
openbao-token-no-longer-valid = Токен OpenBao больше не действует: его отозвали или срок истёк.
openbao-token-refused = OpenBao не принимает сам токен: нет прав ({ $errors })
openbao-hint-token-refused = Токен неверен, истёк или отозван: проверьте BAO_TOKEN / файл токена или выпустите новый.
openbao-auth-login-refused = OpenBao не пустил по { $method } на { $path } (HTTP { $s }: { $errors })
openbao-hint-login-refused = Проверьте роль { $method } и файлы, переданные init (chopvault init --store openbao --auth { $method } …).
openbao-hint-login-refused-kubernetes = OpenBao спрашивает API Kubernetes (TokenReview), действителен ли токен сервисного аккаунта: проверьте bound_service_account_names и bound_service_account_namespaces роли, что токен — текущий токен пода, и что OpenBao достаёт до API Kubernetes (kubernetes_host в настройке метода { $mount }).
openbao-auth-no-kubernetes-token = нет токена сервисного аккаунта Kubernetes в { $path }: это не под, или под не монтирует свой токен
openbao-hint-kubernetes-jwt-file = Укажите файл токена сервисного аккаунта в --jwt-file или запустите chopvault в поде.
openbao-auth-unwrap-refused = OpenBao не развернул secret id ({ $errors }): токен-обёртка срабатывает один раз и со временем истекает.
openbao-hint-new-wrapped-secret-id = Получите новый обёрнутый secret id (bao write -f -wrap-ttl=120s auth/approle/role/РОЛЬ/secret-id) и запустите init снова.
openbao-auth-no-state-folder = Нет папки состояния, где хранить развёрнутый secret id.
openbao-hint-set-home = Задайте HOME или XDG_STATE_HOME.
openbao-auth-file-not-usable = { $file } не годится для входа в OpenBao: { $e }
openbao-auth-answer-not-understood = это не ответ OpenBao на вход или запрос о токене
openbao-hint-delete-policy = Проверьте политику токена (delete на пути data).
provider-keepassxc-keeps = KeePassXC хранит удалённые значения в корзине, а заменённые — в истории каждой записи: токен, который chopvault заменил или удалил, всё ещё можно прочитать из базы
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
header-scrypt-work-factor = сложность scrypt «{ $value }» записана не десятичным числом без знака и ведущих нулей
header-scrypt-body = тело получателя по паролю (scrypt) — не обёрнутый ключ из 32 байт
keyfile-not-age-identity = это не файл ключа, зашифрованный age
keyfile-not-passphrase = он зашифрован не паролем
keyfile-damaged = он повреждён
keyfile-no-identity = в нём нет ключа
keyfile-no-x25519 = в нём нет ключа X25519
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
doctor-files-not-yours = { $n ->
        [one] файл chopvault принадлежит пользователю { $owner }, а не вам: { $files }
        [few] { $n } файла chopvault принадлежат пользователю { $owner }, а не вам: { $files }
       *[other] { $n } файлов chopvault принадлежат пользователю { $owner }, а не вам: { $files }
    }
doctor-files-of-root-fix = Их забрала себе команда, запущенная через sudo, и теперь вы не можете ни прочитать, ни заменить их. Верните их себе: sudo chown { $user }: { $files }
doctor-files-of-other-fix = Запустите chopvault от имени их владельца (sudo -u { $user } chopvault …) или укажите ему свои собственные файлы.
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
doctor-not-signed = хранилище ещё не подписано (записано до того, как chopvault стал подписывать хранилища)
doctor-next-write-signs = Следующая запись его подпишет: любое изменение участником, например chopvault reindex, затем set.
doctor-pinned-members = закреплённые участники
doctor-openbao-ok = OpenBao отвечает и принимает токен
doctor-openbao-token-left = Токену OpenBao осталось { $secs } с (продлевается, когда прошла половина, а если нельзя — вход заново)
doctor-openbao-token-no-expiry = Токен OpenBao бессрочный
doctor-openbao-list = Дайте токену право list на пути metadata, если здесь должны работать list/status.
doctor-openbao-no-scan = Токену нельзя делать SCAN по { $path }: list, status и check спрашивают сервер по разу на каждую папку и каждую запись
doctor-openbao-no-scan-fix = Дайте его политике право scan на { $path } (OpenBao 2.2+): тогда весь список — один запрос.
doctor-metadata-index = индекс метаданных
cmd-export-reason-ttl = по истечении --ttl
cmd-export-reason-read = после прочтения
cmd-export-moved = токен переместили под другое имя, его содержимое стёрто (пустой файл оставлен там)
cmd-export-deleted = файл токена удалили (его содержимое стёрто)
cmd-export-not-ours = файл под этим именем теперь не наш, он не тронут
cmd-export-nothing-there = под этим именем сейчас ничего нет
cmd-init-prompt-openbao-token = Токен OpenBao:{" "}
cmd-login-with-refresh = , с токеном обновления
cmd-members-unsigned = без подписи: записано до того, как появились подписи
cmd-migrate-keyring-in-use = хранилище keyring уже используется
cmd-migrate-openbao-in-use = хранилище openbao уже используется (для другого сервера укажите --addr)
cmd-migrate-openbao-same = хранилище openbao с этим адресом, хранилищем KV и префиксом уже используется
cmd-no-expiry = без срока действия
cmd-rotate-kill-now = Чтобы убить его сейчас, отзовите доступ приложения в Яндекс ID, на странице «Доступы к данным» (id.yandex.ru), или смените пароль аккаунта (это завершит все токены аккаунта).
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
error-line = chopvault: ошибка: { $error }
hint-line = подсказка: { $hint }
entry-name-chars = имя записи может содержать только латинские буквы, цифры и . _ - /, а не { $char }
lifecycle-owner-named = владелец { $login } ({ $name })
lifecycle-owner = владелец { $login }
lifecycle-gib = { $size } ГиБ
secret-invisible = в значении есть невидимый символ { $code } в позиции { $p } (скопирован с веб-страницы или из редактора?)
secret-cyrillic = токен Яндекса состоит только из латиницы, цифр и знаков ASCII, а в значении на позиции { $p } русская буква «{ $letter }» ({ $code }): похоже, её набрали в русской раскладке
secret-not-ascii = токен Яндекса — это чистый ASCII, а в значении есть { $code } в позиции { $p }
agent-folder-not-private = папка агента { $dir } — не ваша личная папка (владелец { $owner }, права { $mode }); агент не используется
agent-socket-folder-not-yours = сокет агента { $path } лежит в папке { $dir }, которая не ваша или открыта на запись другим (владелец { $owner }, права { $mode }); туда ничего не отправляется
agent-socket-not-socket = { $path } — не сокет, а должен быть сокетом агента; туда ничего не отправляется
agent-socket-not-yours = сокет агента { $path } принадлежит uid { $owner }, а не вам (uid { $uid }); туда ничего не отправляется
agent-socket-listener-not-yours = { $path } слушает процесс с uid { $peer }, а не ваш (uid { $uid }); ему ничего не отправлено
agent-socket-listener-unknown = не удалось узнать, кто слушает { $path } ({ $e }); туда ничего не отправлено
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
duration-seconds = { $n } с
duration-minutes = { $n } мин
duration-hours = { $n } ч
duration-hours-minutes = { $h } ч { $m } мин
duration-days = { $n ->
        [one] { $n } день
        [few] { $n } дня
       *[other] { $n } дней
    }
signal-int = SIGINT (Ctrl-C)
signal-quit = SIGQUIT (Ctrl-\)
signal-number = сигнал { $n }
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
clap-error-unknown-argument = ошибка: неизвестный аргумент '{ $arg }'
clap-error-invalid-subcommand = ошибка: нет такой команды: '{ $command }'
clap-error-missing-required = ошибка: не указаны обязательные аргументы: { $args }
clap-error-missing-subcommand = ошибка: нужна команда
clap-error-invalid-value = ошибка: недопустимое значение '{ $value }' для '{ $arg }' (возможные значения: { $valid })
clap-error-value-validation = ошибка: недопустимое значение '{ $value }' для '{ $arg }': { $why }
clap-error-conflict = ошибка: аргумент '{ $arg }' нельзя использовать вместе с '{ $other }'
clap-error-repeated = ошибка: у '{ $arg }' неверное число значений
clap-error-other = ошибка: командная строка не разобрана
clap-error-suggested = {"  "}совет: похожие: { $suggestion }
cli-hint-name = подсказка: используйте латинские буквы, цифры и . _ - / (части между косыми чертами), например yandex-disk или kazan/yandex-disk.
cli-hint-more = подсказка: подробнее — в '--help'.
man-section-name = ИМЯ
man-section-synopsis = ОБЗОР
man-section-description = ОПИСАНИЕ
man-section-options = ПАРАМЕТРЫ
man-section-subcommands = КОМАНДЫ
man-section-version = ВЕРСИЯ
man-section-extra = ДОПОЛНИТЕЛЬНО
man-file-1 = хранилище, выбранное init, пути хранилища и ключа, unlock_for; секретов нет
man-file-2 = хранилище age файлового хранилища
man-file-3 = его ключ, защищённый паролем; делайте его резервную копию вместе с хранилищем
man-file-4 = отдельная подпись SSH последней записи хранилища с ключами; коммитьте её вместе с хранилищем
man-file-5 = индекс метаданных каждого хранилища age (без значений)
man-file-6 = участники, закреплённые за каждым хранилищем с ключами
man-file-7 = журнал событий: время, команда, запись, отпечаток, итог; никогда не значение
man-file-8 = журнал идущих выгрузок
man-file-9 = перенос между хранилищами, который переключён, но ещё не прибран (только имена и отпечатки)
man-file-10 = сокет агента (иначе /tmp/chopvault-UID/)
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
man-env-1 = как --vault: какое хранилище age использовать, даже без настроек
man-env-2 = как --identity: файл ключа age, который открывает хранилище
man-env-3 = как --passphrase-file: файл с правами 0600, первая строка которого — пароль
man-env-4 = как --config: файл настроек
man-env-5 = сокет агента вместо $XDG_RUNTIME_DIR/chopvault/agent.sock; он должен лежать в вашей папке, куда можете писать только вы
man-env-6 = общий предел одного обращения к Яндексу в секундах (по умолчанию 30)
man-env-7 = сервер OpenBao / Vault и его токен
man-env-8 = без цвета для префиксов ошибка:, предупреждение:, заметка: и подсказка:
man-env-chop-deploy = как export --dir: распакованная папка CHOP_DEPLOY, в которую пишется token.txt
man-env-token-file = её задаёт export для установщика: путь к файлу с токеном (сам токен в окружение не попадает никогда)
man-env-yandex-urls = базовые адреса Яндекс OAuth и API Диска (по умолчанию https://oauth.yandex.ru и https://cloud-api.yandex.net); тесты направляют их на локального двойника
man-env-http = тайм-аут одного HTTP-запроса в секундах (по умолчанию 20) и первая пауза перед повтором в миллисекундах (по умолчанию 500, затем вдвое больше)
man-env-bao-tls = OpenBao: файл и папка сертификатов CA, которым доверять, сертификат и ключ клиента (mTLS), пространство имён; также под именами VAULT_*; важнее настроек
man-env-openbao-timeout = OpenBao: срок одного запроса вместе с переходами между узлами и повторами (по умолчанию 10s; также --timeout)
man-env-scrypt = двоичный логарифм стоимости scrypt для ключа, который создают init и rekey без --work-factor (по умолчанию 18); меньшее значение ослабляет защиту хранилища
man-env-xdg = где лежат настройки, хранилище, индекс, состояние и сокет агента (см. ФАЙЛЫ); без них — папки внутри HOME
man-env-sudo-user = её задаёт sudo: если root, запущенный через sudo, не имеет своего хранилища, chopvault называет пользователя, чьё хранилище он не тронул
man-exit-1 = успех
man-exit-2 = ошибка: повреждённое хранилище, хранилище без подписи закреплённого участника, проблема с файлом, отвергнутый ввод
man-exit-3 = неверный вызов
man-exit-4 = нет такой записи
man-exit-5 = хранилище сейчас недоступно (связка ключей заблокирована или отсутствует, пароль спросить нельзя, сервер не работает)
man-exit-6 = неверный пароль или ключ
man-exit-7 = срок токена истекает в пределах окна предупреждения (status, check)
man-exit-8 = срок токена истёк
man-exit-9 = Яндекс отверг токен
man-exit-10 = Яндекс недоступен
man-exit-cached = не удалось спросить хранилище (сервер недоступен, запечатан, токен отвергнут); status и check показывают сохранённые данные
man-exit-11 = любой другой код — в export это код самого установщика (128 + N, если его убил сигнал N)
man-manual = Команды пользователя
man-example-top-1 = выбрать и создать хранилище (связку ключей, если она отвечает, иначе файл age)
man-example-top-2 = импортировать открытый токен, затем стереть файл
man-example-top-3 = token.txt только на время работы установщика
man-example-top-4 = выход 10/11, когда срок токена скоро истекает / истёк
man-example-export-1 = записать token.txt, запустить установщик, стереть файл
man-example-export-2 = стереть через пять минут, даже если установщик ещё работает
man-example-set-1 = спрашивается дважды, скрытым вводом
man-example-set-2 = из конвейера
man-example-unlock-1 = спросить пароль один раз; дальнейшие команды спрашивают агента
man-example-unlock-2 = забыть ключ сейчас
man-example-recipients-1 = разрешить bob читать и писать (его карточка из chopvault whoami)
man-example-recipients-2 = bob не сможет открывать новые версии
man-example-migrate-1 = из связки ключей рабочего стола в хранилище age, которое работает по SSH
man-example-migrate-2 = на сервер, для парка машин
man-example-migrate-3 = запустить ещё раз после прерывания: перенос будет завершён
man-example-status-1 = строка для cron
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
