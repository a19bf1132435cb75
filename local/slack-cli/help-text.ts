/** What `npm run slack -- --help` prints. */
export const CLI_HELP = `Talk to the local bot as Slack would (start it first with npm start).

Usage:
  npm run slack -- "/airflow <command>"      send a slash command
  npm run slack -- --click "<button label>"  click a button of the last reply (or --click 2: the 2nd button)
  npm run slack -- --message <ts|latest|text> --click "<label>"
                                             click a button or menu entry of a message in the channel (by ts, the newest, or the newest holding the text)
                                             (latest: the newest top-level one, such as an alert)
  npm run slack -- --submit "<text>"         submit the last opened modal with this text in its input
  npm run slack -- --paste "<url>"           post a message holding this link and print how the bot unfurls it
  npm run slack -- --home                    open the bot's Home tab and print it
  npm run slack -- "/airflow"                open the command builder (a modal)
  npm run slack -- --suggest "<menu>" "<text>"
                                             type into a menu of the open modal and list its options
  npm run slack -- --select "<menu>" "<option>"
                                             pick an option of a menu of the open modal
  npm run slack -- --submit                  submit the open modal with what was picked
  npm run slack -- --help                    show this help

Options:
  --wait <seconds>   how long to wait for the answer (default 15)
  --json             print the raw requests the bot sent to Slack instead of text
  --user <id>        speak as another user: ULOCAL0002 (bob) may read and acknowledge, not change

Examples:
  npm run slack -- "/airflow help"
  npm run slack -- "/airflow ti demo-v2 etl_daily latest transform"
  npm run slack -- --click "Mark success"
  npm run slack -- --click Confirm
  npm run slack -- --click "Add note"
  npm run slack -- --submit "Re-ran after the upstream fix"
  npm run slack -- "/airflow"
  npm run slack -- --suggest "DAG" "etl"
  npm run slack -- --select "DAG" etl_daily
  npm run slack -- --select "Run" latest
  npm run slack -- --select "Task" transform
  npm run slack -- --select "What to do" "Show the card"
  npm run slack -- --submit
  npm run slack -- --message latest --click "Acknowledge"
  npm run slack -- --message latest --click "Snooze 1 hour"
  npm run slack -- --message latest --click "Acknowledge" --user ULOCAL0002
  npm run slack -- --paste "http://127.0.0.1:8082/dags/etl_daily/runs/<run id>/tasks/transform"
  npm run slack -- --home

The last reply and modal are remembered in .local/slack-cli-state.json.`;
