"""Every French message a contributor can read, keyed by rule.

Messages say what is wrong, then what is expected, after a dash. Placeholders are
filled by `say`; values quoted from a file are shortened so a huge value never floods
the terminal.
"""

from __future__ import annotations

import re

MESSAGES: dict[str, str] = {
    # Reading the file
    "file.too_big": "fichier trop gros ({size} octets) — une ressource fait au plus {limit} octets ; "
    "placez les documents lourds en pièces jointes",
    "file.empty": "fichier vide — un en-tête YAML avec au moins titre, résumé, type… est attendu",
    "file.bom": "le fichier commence par une marque d'ordre d'octets (BOM) — enregistrez-le en "
    "UTF-8 sans BOM",
    "file.encoding": "caractère illisible (octet {byte}) — le fichier doit être enregistré en UTF-8",
    "file.suffix": "extension « {suffix} » non prise en charge — une ressource est un fichier .md "
    "(texte avec en-tête) ou .yml (métadonnées seules)",
    "file.registry_suffix": "extension « {suffix} » non prise en charge — chaque fiche de ce "
    "dossier (producteur, structure, animatrice ou animateur) est un fichier .yml",
    "file.slug": "nom de fichier « {name} » invalide — l'identifiant s'écrit en minuscules sans "
    "accents, chiffres et tirets simples (ex. « convention-pret-materiel »)",
    "file.slug_suggest": "nom de fichier « {name} » invalide — l'identifiant s'écrit en minuscules "
    "sans accents, chiffres et tirets simples ; renommez-le « {suggestion} »",
    "file.symlink": "lien symbolique refusé — placez le fichier lui-même dans le dépôt (un lien "
    "pourrait publier un fichier hors du dépôt)",
    "file.trials_not_folder": "« {name} » est un fichier — les retours d'essai se rangent dans "
    "un dossier de ce nom, un fichier .yml par essai",
    "file.hidden": "fichier caché (son nom ou celui d'un de ses dossiers commence par un "
    "point) : le portail ne le lit pas — renommez-le sans le point initial, ou retirez-le",
    "file.subfolder": "sous-dossier « {name} » non lu — chaque fiche de ce registre est un "
    "fichier .yml placé directement dans {folder}",
    "file.stray": "fichier qui n'est ni une ressource, ni un retour d'essai, ni une pièce jointe "
    "d'une ressource — ajoutez-le aux pieces_jointes de la ressource du même dossier (formats "
    "acceptés : {formats}) ou retirez-le",
    "file.reserved": "identifiant « {name} » réservé à une page du portail — renommez le fichier",
    "file.read": "lecture impossible ({detail})",
    # Front matter
    "frontmatter.missing": "en-tête YAML absent — un fichier .md commence par une ligne « --- », "
    "puis les champs, puis une autre ligne « --- »",
    "frontmatter.unclosed": "en-tête YAML non refermé — ajoutez une ligne « --- » après le dernier "
    "champ",
    "frontmatter.second": "deuxième en-tête YAML (ligne « --- ») juste après le premier — un "
    "seul en-tête par fichier : regroupez tous les champs dans le premier",
    # YAML syntax and safety
    "yaml.huge_number": "nombre de plus de 4 300 chiffres — illisible : mettez la valeur entre "
    "guillemets si c'est un texte",
    "yaml.unclosed_double": 'guillemet « " » ouvert sur cette ligne et jamais refermé — '
    "refermez-le à la fin de la valeur, sur la même ligne (un « \" » dans le texte s'écrit "
    '« \\" »)',
    "yaml.unclosed_single": "apostrophe « ' » ouverte en début de valeur sur cette ligne et "
    "jamais refermée — refermez-la à la fin de la valeur, sur la même ligne (une apostrophe "
    "dans le texte s'écrit « '' »), ou mettez la valeur entre guillemets « \" »",
    "yaml.unclosed_bracket": "crochet « [ » ouvert sur cette ligne et jamais refermé — "
    "terminez la liste par « ] » sur la même ligne",
    "yaml.unclosed_brace": "accolade « {{ » ouverte sur cette ligne et jamais refermée — "
    "terminez-la par « }} » sur la même ligne",
    "yaml.syntax": "syntaxe YAML invalide : {explanation} — vérifiez l'indentation (espaces), les « : » "
    "et les guillemets",
    "yaml.tab": "tabulation dans l'indentation — YAML n'accepte que des espaces",
    "yaml.alias": "ancre ou alias YAML (« & » ou « * ») non autorisé — recopiez la valeur",
    "yaml.merge": "clé de fusion YAML « << » non autorisée — écrivez chaque champ explicitement",
    "yaml.duplicate": "champ « {key} » écrit deux fois (déjà ligne {first}) — gardez-en un seul",
    "yaml.tag": "étiquette YAML « {tag} » non autorisée — écrivez une valeur simple",
    "yaml.key": "clé invalide — un nom de champ est un texte simple",
    "yaml.depth": "imbrication trop profonde (plus de {limit} niveaux) — simplifiez la structure",
    "yaml.documents": "plusieurs documents YAML dans le fichier — un seul en-tête est attendu",
    "yaml.not_mapping": "l'en-tête doit être une liste de champs « nom: valeur »",
    # Schema
    "schema.required": "champ obligatoire manquant — {expected}",
    "schema.unknown": "champ inconnu « {key} »{hint} — champs possibles : {choices}",
    "schema.enum": "« {value} » n'est pas une valeur permise{hint} — valeurs possibles : {choices}",
    "schema.type": "{found} reçu — {expected} attendu{hint}",
    "schema.min_length": "texte trop court ({length} caractères) — au moins {limit} attendus",
    "schema.max_length": "texte trop long ({length} caractères) — {limit} au maximum",
    "schema.min_items": "liste trop courte ({count}) — au moins {limit} élément(s) attendu(s)",
    "schema.max_items": "liste trop longue ({count} éléments) — {limit} au maximum",
    "schema.unique": "valeur en double dans la liste — chaque valeur une seule fois",
    "schema.pattern": "« {value} » n'a pas le bon format — attendu : {expected}",
    "schema.url_scheme": "« {value} » : adresse en « {scheme} » refusée — ce champ n'accepte "
    "que les adresses web en https:// ou http:// (ni mailto:, ni ftp:, ni javascript:…)",
    "schema.url_bare": "« {value} » : adresse incomplète — écrivez-la en entier, en https:// ou "
    "http:// (par exemple « {fixed} »)",
    "schema.url": "« {value} » n'est pas une adresse web acceptée — une adresse commence par "
    "https:// ou http:// et ne contient ni espace, ni guillemet, ni chevron",
    "schema.date": "« {value} » n'est pas une date valide — attendu AAAA-MM-JJ, AAAA-MM ou AAAA, "
    "entre guillemets, pour une date qui existe",
    "schema.forbidden": "champ non permis ici — {expected}",
    "schema.other": "valeur non conforme ({detail})",
    # Cross-file and content rules
    "rule.duplicate_slug": "identifiant « {slug} » déjà utilisé par {other} — renommez l'un des "
    "deux fichiers",
    "rule.producer": "producteur « {value} » inconnu{hint} — un fichier producers/{value}.yml est "
    "attendu (ajoutez-le ou corrigez l'identifiant)",
    "synonyms.empty": "« {value} » ne contient aucun mot que la recherche retienne (mots d'une "
    "lettre ou trop courants, comme « de » ou « la ») — écrivez au moins un mot qui compte",
    "synonyms.same": "« {value} » est le même terme que « {other} » pour la recherche (accents, "
    "majuscules, pluriels et mots courants n'y comptent pas) — gardez-en un seul",
    "rule.theme": "thème « {value} » absent du vocabulaire{hint} — voir vocabularies/themes.yml",
    "rule.public": "public « {value} » absent du vocabulaire{hint} — voir vocabularies/publics.yml",
    "rule.territory_code": "« {code} » n'est pas un code {scale_label} connu{hint} — {expected}",
    "rule.territory_trial_national": "un essai se situe sur un territoire précis — échelle "
    "nationale impossible pour un essai",
    "rule.attachment_format": "pièce jointe « {file} » : format « {suffix} » refusé — formats "
    "acceptés : {formats} (HTML, SVG, XML, scripts et pages Markdown sont refusés : servis par "
    "le portail, ils pourraient exécuter du code chez le visiteur)",
    "rule.attachment_case": "pièce jointe « {file} » : extension en majuscules — renommez le "
    "fichier avec l'extension « {suffix} » en minuscules",
    "rule.attachment_content": "pièce jointe « {file} » : ce n'est pas un fichier {suffix} "
    "valide ({detail}) — enregistrez le document dans ce format, ou corrigez son extension",
    "rule.attachment_active": "pièce jointe « {file} » : {reason} — un document joint ne doit "
    "rien exécuter ni rien charger quand on l'ouvre : enregistrez-le sans macros, liaisons ni "
    "formules qui appellent le réseau (remplacez-les par leur valeur), puis joignez-le de nouveau",
    "rule.attachment_size": "pièce jointe « {file} » : {size} Mo, plus que les {limit} Mo "
    "acceptés — allégez-la (images réduites, PDF optimisé) ou publiez-la ailleurs et donnez son "
    "adresse dans liens",
    "rule.attachment_reserved": "pièce jointe « {file} » : nom réservé au modèle modifiable que "
    "le portail produit à côté de la fiche — renommez-la",
    "rule.attachment_missing": "pièce jointe « {file} » introuvable — placez le fichier dans "
    "{folder}",
    "rule.attachment_twice": "pièce jointe « {file} » déjà listée dans pieces_jointes[{index}] "
    "(« {first} », le même fichier) — gardez une seule entrée par fichier",
    "rule.attachment_escape": "pièce jointe « {file} » hors du dossier de la ressource — le "
    "fichier doit se trouver dans {folder} (pas de « ../ » ni de chemin absolu)",
    "rule.evidence_local": "niveau « inspiration locale » sans essai — indiquez au moins un essai "
    "(territoire, date, structure) dans qualite.essais, ou ajoutez un retour d'essai dans le "
    "dossier {slug}.essais/ à côté de la fiche",
    "rule.evidence_everywhere": "niveau « testée partout » avec {count} département(s) "
    "compté(s) ({found}) — il en faut au moins {needed}, chacun essayé par une structure "
    "différente (essais dans {tried} département(s), par {organisations} structure(s) : une "
    "structure et un essai ne comptent que pour un département) ; il manque {missing} "
    "essai(s) d'autres structures dans d'autres départements (qualite.essais ou retours "
    "d'essai du dossier {slug}.essais/) ; en attendant, choisissez « inspiration locale »",
    "rule.evidence_checked": "niveau « vérifiée par un professionnel » sans vérification — "
    "indiquez qui a relu (rôle, structure), quand et quoi dans qualite.verifications",
    "rule.evidence_unrated": "niveau « non évaluée » alors que des preuves sont données — "
    "choisissez le niveau que ces preuves justifient",
    "rule.review_order": "date « à revoir avant » ({review}) qui ne suit pas la vérification "
    "({date}) — indiquez la date, postérieure à la relecture, où elle devra être renouvelée",
    "rule.legal_only": "champ « {key} » réservé à la veille juridique (type veille-juridique) — "
    "retirez-le ; pour une ressource dépassée, utilisez plutôt archive (date, motif)",
    "rule.superseded_self": "« {value} » est l'identifiant de cette note elle-même — "
    "remplacee_par nomme la note plus récente qui la remplace",
    "rule.superseded_unknown": "note « {value} » introuvable{hint} — remplacee_par nomme le "
    "fichier d'une ressource existante, sans extension",
    "rule.related_self": "« {value} » est l'identifiant de cette ressource — liees nomme "
    "d'autres ressources, une ressource ne se lie pas à elle-même",
    "rule.related_unknown": "ressource liée « {value} » introuvable{hint} — liees nomme le "
    "fichier d'une ressource existante, sans extension",
    # « Claire et lisible » (essaim/catalog/readability.py): placeholders are errors, the rest warnings
    "content.placeholder": "texte provisoire « {snippet} » — une ressource publiée n'en garde "
    "aucun : remplacez-le par le vrai contenu de la section (essaim nouvelle en place un sous "
    "chaque titre), ou retirez la section si elle ne sert pas ; dans un modèle à remplir, "
    "écrivez plutôt « [à remplir] » ou « votre réponse »",
    "content.empty_section": "section « {snippet} » vide — écrivez son contenu sous le titre, "
    "ou retirez le titre",
    "clarity.score": "lisibilité {score} sur 100 ({band}, indice de Kandel et Moles), sous le "
    "seuil de {limit} — raccourcissez les phrases ({mean} mots en moyenne) et préférez les mots "
    "courts et courants",
    "clarity.sentences": "phrases longues : {mean} mots en moyenne, {limit} au plus conseillés "
    "— coupez les phrases qui enchaînent plusieurs idées",
    "clarity.summary": "résumé de {count} mots, {limit} au plus conseillés — gardez deux ou "
    "trois phrases qui disent ce que la ressource apporte",
    "clarity.acronym": "sigle « {value} » jamais développé — écrivez une fois sa forme complète "
    "suivie du sigle entre parenthèses, par ex. « dispositif local d'accompagnement (DLA) »",
    "clarity.heading_skip": "titre « {snippet} » trop profond : il suit un titre de niveau "
    "{previous} — descendez d'un niveau à la fois (## puis ###)",
    # Support structures (structures/*.yml) and facilitators (animateurs/*.yml)
    "structure.duplicate": "structure déjà décrite dans {other} (même nom, même territoire) — "
    "gardez un seul fichier par structure",
    "structure.personal_email": "l'adresse « {value} » ressemble à celle d'une personne — "
    "l'annuaire ne publie que des contacts d'organisation (contact@…, accueil@…) : remplacez-la "
    "par l'adresse générique de la structure, ou retirez le champ courriel",
    "facilitator.duplicate": "compte GitHub « {value} » déjà inscrit dans {other} — une seule "
    "fiche par animatrice ou animateur, avec tous ses territoires",
    # Trial reports (resources/<dossier>/<identifiant>.essais/*.yml)
    "trial.suffix": "extension « {suffix} » non prise en charge — un retour d'essai est un "
    "fichier .yml (voir schemas/exemple-essai.yml)",
    "trial.subfolder": "sous-dossier « {name} » non lu — placez les retours d'essai directement "
    "dans {folder}",
    "trial.orphan": "aucune ressource « {slug} » dans {parent}{hint} — le dossier des retours "
    "d'essai porte l'identifiant de la ressource suivi de .essais et se range à côté d'elle",
    "trial.elsewhere": "la ressource « {slug} » est rangée dans {other} — déplacez le dossier "
    "{slug}.essais à côté d'elle",
    "trial.renamed": "« {slug} » est un ancien identifiant de {other} — renommez le dossier "
    "{new}.essais",
    "trial.duplicate": "cet essai figure déjà dans {other} (qualite.essais[{index}]) — gardez-le "
    "à un seul endroit",
    "trial.duplicate_report": "ce retour d'essai répète {other} ({why}) — un même essai ne "
    "compte qu'une fois : supprimez l'un des deux fichiers, ou corrigez la structure, le "
    "territoire ou la date s'il s'agit d'un autre essai",
    "trial.duplicate_own": "cet essai répète qualite.essais[{index}] du même fichier ({why}) — "
    "un même essai ne compte qu'une fois : retirez-le, ou corrigez la structure, le territoire "
    "ou la date s'il s'agit d'un autre essai",
    "trial.same_place": "même structure, même territoire, même date",
    "trial.same_text": "même résultat, mot pour mot",
    # Quality over time: warnings of essaim check, never errors
    "quality.review_due": "vérification par {who} du {date} à renouveler avant le {deadline} "
    "(dans {days} jour(s)) — prévoyez une nouvelle relecture, puis ajoutez-la avec sa date",
    "quality.review_expired": "vérification par {who} du {date} à renouveler depuis le "
    "{deadline} — la fiche affiche « Vérification à renouveler » et le niveau « {level} » ; "
    "ajoutez une nouvelle vérification, ou changez le niveau",
    "rule.date_order": "date de mise à jour ({updated}) antérieure à la date de publication "
    "({published}) — la mise à jour suit la publication",
    "rule.archive_order": "date d'archivage ({archived}) antérieure à la date de publication "
    "({published}) — une ressource est archivée après avoir été publiée",
    "rule.date_future": "date « {value} » dans le futur (aujourd'hui : {today}) — indiquez une "
    "date passée",
    "rule.html": "HTML non accepté (« {snippet} ») — écrivez du texte simple ou la syntaxe "
    "Markdown",
    "rule.entity": "entité HTML non acceptée (« {snippet} ») — écrivez le caractère lui-même",
    "rule.template": "accolades de gabarit (« {snippet} ») non acceptées — elles pourraient être "
    "exécutées par le générateur du site",
    "rule.url_userinfo": "adresse « {snippet} » refusée : elle mène au site écrit après « @ », "
    "pas à celui écrit avant (une adresse trompeuse) — donnez l'adresse du site sans « …@ »",
    "rule.url_scheme": "adresse « {snippet} » refusée — seuls les liens https://, http:// et "
    "mailto: sont acceptés",
    "rule.h1": "titre de niveau 1 (« # ») dans le texte — le titre de la page vient du champ "
    "titre ; commencez les intertitres à « ## »",
    "rule.attachment_formula": "pièce jointe « {file} », ligne {line} : la cellule « {snippet} » "
    "serait exécutée comme une formule par un tableur (lien, commande) — retirez le signe « = », "
    "« + », « - » ou « @ » du début, ou placez une apostrophe devant",
    "rule.internal_link": "lien vers la ressource « {target} » introuvable{hint} — le lien doit "
    "nommer le fichier d'une ressource existante (ex. autre-ressource.md)",
    "link.not_found": "lien « {target} » vers un fichier qui n'est pas sur le portail{hint} — un "
    "lien interne nomme le fichier d'une autre ressource (autre-ressource.md, sans dossier) ou "
    "une pièce jointe d'une ressource (identifiant/fichier.pdf) ; pour toute autre page, "
    "écrivez son adresse complète (https://…)",
    "link.absolute": "lien « {target} » qui commence par « / » ou « \\ » — sur le portail il ne mène "
    "nulle part : nommez le fichier d'une ressource (autre-ressource.md) ou écrivez une "
    "adresse complète (https://…)",
    "link.anchor_here": "lien « {target} » vers une section absente de ce texte{hint} — après "
    "« # », écrivez l'ancre d'un intertitre du texte (« ## Les étapes » donne « #les-etapes »)",
    "link.anchor_there": "lien « {target} » vers une section absente de « {other} »{hint} — "
    "après « # », écrivez l'ancre d'un intertitre de cette ressource (« ## Les étapes » donne "
    "« #les-etapes »), ou retirez « #… »",
    "link.footnote": "note « [^{name}] » jamais appelée dans le texte — appelez-la par « [^{name}] » "
    "à l'endroit voulu, ou retirez sa définition",
    "link.unreadable": "adresse « {target} » illisible (crochets mal placés) — écrivez une "
    "adresse complète (https://…) ou le fichier d'une ressource (autre-ressource.md)",
    "markdown.bracket": "trop de « [ » ou de « ( » sans leur fermeture dans un même paragraphe — "
    "la mise en page prendrait des minutes : fermez chaque crochet et chaque parenthèse, ou "
    "écrivez « \\[ » pour un crochet seul",
    "markdown.nesting": "imbrication trop profonde (retrait de plus de 64 espaces, ou plus de 16 "
    "listes ou citations l'une dans l'autre) — la mise en page échouerait : réduisez les niveaux",
    "markdown.block": "trop de lignes de titre, de filet, de clôture de code ou de définition "
    "sans ligne vide entre elles — la mise en page prendrait des minutes : séparez-les par "
    "des lignes vides",
    "rule.former_is_current": "ancien identifiant « {value} » identique à l'identifiant actuel "
    "(le nom du fichier) — retirez-le de anciens_identifiants",
    "rule.former_live": "ancien identifiant « {value} » encore utilisé par {other} — une adresse "
    "ne peut pas mener à deux ressources : retirez-le ou renommez l'autre fichier",
    "rule.former_shared": "ancien identifiant « {value} » déjà déclaré par {other} — une ancienne "
    "adresse ne renvoie que vers une seule ressource : gardez-le dans un seul fichier",
    "rule.control_char": "caractère refusé : {snippet} — supprimez-le (aucune page ni aucun "
    "document publié ne peut le contenir sans risque)",
    # Build
    "build.refused": "{count} problème(s) dans les ressources : publication refusée. Corrigez-les "
    "(détail ci-dessus) ou lancez « essaim check » pour les revoir.",
    "build.preview": "aperçu : {count} fichier(s) invalide(s) écarté(s), les autres ressources sont "
    "affichées",
    "build.background_failed": "aperçu : la mise à jour de l'index de recherche, des données "
    "ouvertes et des flux a échoué ({error}) ; elle sera refaite à la prochaine modification",
    "build.split_failed": "le second processus de construction des pages a échoué ({error}) ; "
    "relancez avec ESSAIM_PARALLELE=0 pour construire sur un seul cœur",
    # The last scan of what the build wrote (essaim/publish/tripwire.py)
    "tripwire.finding": "{page} (source : {source}) : {what} — « {snippet} »",
    "tripwire.refused": "{count} contenu(s) actif(s) dans le site construit : publication "
    "refusée. Le texte d'un contributeur ne doit jamais devenir du code dans une page ; "
    "corrigez le fichier source indiqué, ou signalez ce message à l'équipe technique si la "
    "source est une page générée.",
    "tripwire.preview": "aperçu : {count} fichier(s) contenant du contenu actif remplacé(s) par "
    "une page d'avertissement (détail ci-dessus) ; `make build` refuserait de publier",
    "tripwire.generated": "page générée par Essaim",
    "tripwire.generated_from": "page générée par Essaim, à partir de {files}",
    # CLI
    "cli.ok": "{resources} ressource(s), {producers} producteur(s) et {structures} structure(s) "
    "d'appui valides.",
    "cli.summary": "{errors} erreur(s), {warnings} avertissement(s) dans {files} fichier(s).",
    "cli.no_root": "dossier du projet introuvable (ni schemas/ ni resources/ au-dessus de {start})",
    "cli.path_missing": "chemin introuvable : {path}",
    "cli.pages_written": "{count} page(s) écrites dans {out}",
    # Fast check of a pull request (essaim check --depuis)
    "cli.git": "comparaison avec « {base} » impossible ({detail}) — indiquez une branche ou un "
    "commit connu de Git, par exemple origin/main (dans GitHub Actions : fetch-depth: 0)",
    "cli.since_and_paths": "--depuis et une liste de chemins ne se combinent pas — choisissez "
    "l'un ou l'autre",
    "cli.scope_fast": "Vérification rapide : {count} ressource(s) nouvelle(s) ou modifiée(s) "
    "depuis {base}, avec les règles entre fichiers (producteurs, vocabulaires, territoires, "
    "identifiants, liens).",
    "cli.scope_full": "Vérification complète : producteurs, vocabulaires, schémas, territoires "
    "ou ressources supprimées ont changé depuis {base}, tout le catalogue est relu.",
    "cli.scope_all": "Vérification complète du catalogue.",
    "cli.nothing_changed": "Aucune ressource, aucun producteur ni vocabulaire modifié depuis "
    "{base}.",
    "cli.ok_changed": "{count} ressource(s) nouvelle(s) ou modifiée(s) valides.",
    "cli.summary_write": "écriture du bilan impossible : {detail}",
    # essaim nouvelle
    "new.intro": "Nouvelle ressource : répondez aux questions (Entrée pour garder la valeur "
    "entre crochets). Ctrl+C pour abandonner.",
    "new.prompt.titre": "Titre de la ressource ({low} à {high} caractères)",
    "new.prompt.resume": "Résumé : ce qu'elle apporte à une association ({low} à {high} "
    "caractères)",
    "new.prompt.type": "Type de ressource",
    "new.prompt.producteur": "Producteur (identifiant du registre producers/, ex. cd94-projaide)",
    "new.prompt.echelle": "Échelle du territoire",
    "new.prompt.codes": "Code(s) officiel(s) du territoire, séparés par des virgules (ex. 94)",
    "new.prompt.nom": "Nom du territoire (obligatoire pour un bassin de vie, sinon Entrée)",
    "new.prompt.themes": "Thèmes (numéros ou identifiants séparés par des virgules, {low} à "
    "{high})",
    "new.prompt.publics": "Publics (numéros ou identifiants séparés par des virgules, {low} à "
    "{high})",
    "new.prompt.licence": "Licence",
    "new.prompt.date": "Date de publication (AAAA-MM-JJ, AAAA-MM ou AAAA)",
    "new.prompt.essai_date": "Déjà utilisée sur ce territoire ? Date de cet essai (AAAA-MM-JJ, "
    "AAAA-MM ou AAAA), ou Entrée si elle ne l'a pas encore été",
    "new.prompt.essai_structure": "Structure qui l'a utilisée (pas de nom de personne)",
    "new.prompt.applicable_depuis": "Veille juridique : date à partir de laquelle le texte "
    "s'applique (AAAA-MM-JJ, AAAA-MM ou AAAA ; elle peut être à venir)",
    "new.prompt.dossier": "Dossier",
    "new.choice": "numéro ou identifiant",
    "new.eof": "réponse attendue pour « {question} » — relancez la commande, ou donnez la valeur "
    "en option (essaim nouvelle --help)",
    "new.invalid_answer": "  ✗ {message}",
    "new.required": "réponse obligatoire",
    "new.length": "{length} caractère(s) — entre {low} et {high} attendus",
    "new.unknown_choice": "« {value} » n'est pas proposé{hint} — choix possibles : {choices}",
    "new.count": "{count} choix — entre {low} et {high} attendus",
    "new.producer": "producteur « {value} » absent du registre producers/{hint} — ajoutez d'abord "
    "sa fiche producers/IDENTIFIANT.yml",
    "new.codes_national": "pas de code pour l'échelle nationale — laissez vide",
    "new.codes_missing": "au moins un code attendu pour cette échelle",
    "new.code": "« {value} » n'est pas un code {scale_label} connu{hint}",
    "new.trial_national": "un essai se situe sur un territoire précis — choisissez une autre "
    "échelle que « national » pour déclarer un essai",
    "new.date": "« {value} » n'est pas une date valide — attendu AAAA-MM-JJ, AAAA-MM ou AAAA, "
    "passée",
    "new.applicable": "« {value} » n'est pas une date valide — attendu AAAA-MM-JJ, AAAA-MM ou AAAA",
    "new.applicable_only": "réservé à la veille juridique (--type veille-juridique)",
    "new.folder": "dossier « {value} » refusé — un dossier de resources/ en minuscules, "
    "chiffres et tirets (ex. modeles)",
    "new.exists": "le fichier {path} existe déjà — choisissez un autre titre ou --identifiant",
    "new.slug": "identifiant « {value} » invalide — minuscules sans accents, chiffres et tirets",
    "new.unrated_note": "Ressource créée avec « essaim nouvelle » : aucun essai ni vérification "
    "indiqués pour l'instant.",
    "new.placeholder": "À compléter.",
    "new.created": "Ressource créée : {path}\nÉcrivez le contenu de chaque section à la place "
    "de « À compléter » (la vérification refuse ce texte provisoire), puis relancez "
    "« essaim check {path} » avant de proposer la modification.",
    "new.invalid_flags": "{count} valeur(s) à corriger :",
    "build.clarity": "{count} avertissement(s) de lisibilité (sigles, longueur des phrases…) : "
    "« essaim check » les détaille, le tableau de bord du comité les liste",
    # Facilitators' reviews (essaim relecteurs)
    "review.usage": "indiquez soit --depuis REF et --demande N (préparer l'artefact), soit "
    "--artefact FICHIER (le relire)",
    "review.planned": "{count} animatrice(s) ou animateur(s) à solliciter, écrit dans {path}",
    "review.refused": "artefact refusé, aucune relecture demandée : {detail}",
    "review.validated": "{count} relecture(s) à demander sur la demande de fusion n° {number}",
    # Broken links (essaim liens)
    "links.report": "rapport de lychee illisible ({detail}) — attendu : la sortie de "
    "« lychee --format json »",
    "links.none": "Aucun lien cassé.",
    "links.found": "{count} lien(s) cassé(s).",
    # Issue form → resource (essaim depuis-issue)
    "issue.too_long": "proposition trop longue ({size} caractères) — {limit} au plus ; placez "
    "les longs documents en pièce jointe après la création de la fiche",
    "issue.duplicate_section": "la rubrique « {label} » apparaît deux fois — le texte de "
    "l'issue a été modifié à la main ; gardez une seule rubrique « {label} »",
    "issue.missing_section": "la rubrique « {label} » est absente — le texte de l'issue a été "
    "modifié à la main ; rétablissez la rubrique « ### {label} » suivie de la réponse",
    "issue.required": "réponse obligatoire manquante",
    "issue.one_line": "le titre tient sur une seule ligne",
    "issue.one_line_answer": "la réponse tient sur une seule ligne",
    "issue.unknown_choice": "« {value} » ne fait pas partie des choix du formulaire — choix "
    "possibles : {choices}",
    "issue.producer": "producteur « {value} » absent du registre{hint} — indiquez l'identifiant "
    "d'un producteur existant (ex. cd94-projaide) ou son nom exact ; s'il n'y figure pas "
    "encore, le comité ajoute sa fiche avant d'accepter la proposition",
    "issue.unchecked": "case non cochée : « {option} »",
    "issue.trial_incomplete": "pour déclarer un essai, indiquez au moins la structure et la date",
    "issue.trial_national": "un essai se situe sur un territoire précis — choisissez une "
    "région, un département ou une commune, ou retirez l'essai",
    "issue.applicable_required": "pour une note de veille juridique, indiquez la date à partir "
    "de laquelle le texte s'applique (AAAA-MM-JJ)",
    "issue.applicable_only": "cette rubrique ne concerne que la veille juridique — videz-la, "
    "ou choisissez le type « Veille juridique »",
    "issue.check_incomplete": "pour déclarer une vérification, indiquez qui l'a faite, sa "
    "structure, la date et ce qui a été relu",
    "issue.no_slug": "le titre doit contenir des lettres ou des chiffres",
    "issue.unrated_note": "Proposée par le formulaire du portail ; aucun essai ni vérification "
    "signalés pour l'instant.",
    "issue.refused": "Merci pour cette proposition ! Avant de créer la fiche, quelques points "
    "sont à corriger :\n\n{problems}\n\nModifiez la description de cette issue (menu « ⋯ » "
    "puis « Edit »), sans toucher aux titres des rubriques. Un membre du comité ajoutera de "
    "nouveau l'étiquette « accepté » pour relancer la création de la fiche.",
    "trial_issue.resource": "ressource « {value} » introuvable{hint} — indiquez l'identifiant "
    "de sa fiche (le nom de son fichier, ex. modele-convention-pret-materiel-gratuit) ou "
    "l'adresse de sa page sur le portail",
    "trial_issue.archived": "la ressource « {value} » est archivée — un essai ne compte plus "
    "pour elle ; le comité peut vous orienter vers une ressource à jour",
    "trial_issue.refused": "Merci pour ce retour d'essai ! Avant de l'ajouter à la fiche, "
    "quelques points sont à corriger :\n\n{problems}\n\nModifiez la description de cette issue "
    "(menu « ⋯ » puis « Edit »), sans toucher aux titres des rubriques. Un membre du comité "
    "ajoutera de nouveau l'étiquette « accepté » pour relancer l'ajout de l'essai.",
    "trial_issue.pull_request": "Retour d'essai ajouté automatiquement à partir d'un "
    "signalement accepté par le comité éditorial.\n\n- Ressource : {title} (`{resource}`)\n"
    "- Fichier : `{path}`\n- Essai : {territory}, {date}, {structure}\n- Niveau de la fiche : "
    "{level}{promotion}\n\nRelisez le retour (structure identifiable, aucune donnée "
    "personnelle) avant de fusionner. {closes}",
    "trial_issue.promotion": " — avec cet essai, ses essais justifient « {target} » : la fiche "
    "est prête pour promotion (le niveau reste à changer par une demande de fusion relue)",
    "issue.pull_request": "Fiche créée automatiquement à partir d'une proposition acceptée par "
    "le comité éditorial.\n\n- Ressource : {title}\n- Fichier : `{path}`\n- Niveau de "
    "qualité : {level}\n\nRelisez la fiche avec la liste de vérification du comité avant de "
    "fusionner. {closes}",
}

# Headings of the text of a new resource, by type (essaim nouvelle). The seed documents
# describe the experience sheet and the idea sheet; the others follow the same spirit.
SECTIONS: dict[str, tuple[str, ...]] = {
    "etude": ("Ce que l'étude observe", "Principaux enseignements", "Méthode et sources"),
    "guide": ("À qui s'adresse ce guide", "Les étapes", "Pour aller plus loin"),
    "modele-document": ("À quoi sert ce modèle", "Comment l'adapter", "Le modèle"),
    "fiche-experience": (
        "Le projet",
        "Les acteurs",
        "L'organisation",
        "Conditions de réussite et obstacles",
        "Les effets",
    ),
    "fiche-idee": (
        "L'idée",
        "Où",
        "Objectifs",
        "Plus-value",
        "Comment",
        "Points d'attention",
        "Partenaires",
    ),
    "outil": ("À quoi sert l'outil", "Comment l'utiliser", "Points d'attention"),
    "veille-sociale": ("Ce qui change", "Ce que cela signifie pour les associations"),
    "veille-juridique": (
        "Le texte concerné",
        "Ce qui change pour les associations",
        "Date d'application",
    ),
    "reference-externe": ("Ce que l'on y trouve", "Pour qui"),
}


def say(rule: str, /, **values: object) -> str:
    """The French message for key, with values filled in and shortened."""
    return MESSAGES[rule].format(
        **{k: _shorten(v) if k in _QUOTED else v for k, v in values.items()}
    )


def suggestion_hint(suggestion: str | None) -> str:
    return f" ; vouliez-vous dire « {suggestion} » ?" if suggestion else ""


# Values copied from a contributor's file: shortened so a huge value never floods a terminal.
_QUOTED = {"value", "key", "snippet", "name", "code", "file", "target", "detail", "found"}


def _shorten(value: object, limit: int = 80) -> object:
    if not isinstance(value, str):
        return value
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    # One problem, one line: line breaks and invisible characters are shown, not written.
    return value.translate(_VISIBLE) if _INVISIBLE.search(value) else value


_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_VISIBLE = {
    code: f"\\u{code:04x}"
    for code in (
        *range(0x20),
        *range(0x7F, 0xA0),
        0x2028,
        0x2029,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        *range(0xD800, 0xE000),
        0xFFFE,
        0xFFFF,
    )
} | {ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r"}
