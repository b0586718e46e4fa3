from pathlib import Path

from .learner import Learner
from .targets import VIEWS

BUNDLED = Path(__file__).resolve().parents[2] / "course_src" / "whatsapp-in-de-zorg"


def test_debug(compiled, launch):
    view = VIEWS["scorm12"]
    package = compiled(BUNDLED, "scorm12")
    session = launch(package, **view.first_launch(70))
    learner = Learner(session.frame)
    learner.go("quiz")
    c = session.frame.locator("[data-quiz]")
    learner.take_quiz("longest")
    print("A1", learner.asked())
    session.frame.locator("[data-quiz-retry]").click()
    print("A2", learner.asked())
    print("ITEMS", session.frame.evaluate("Array.from(document.querySelectorAll('.quiz-questions [data-quiz-item]')).map(e => e.dataset.quizItem + (e.hasAttribute('data-current')?'*':''))"))
    for i in range(3):
        cur = c.locator("[data-quiz-item][data-current] [data-question]")
        qid = str(cur.get_attribute("data-question"))
        learner.answer(c, qid, "right")
        print("ANS", qid, session.frame.evaluate("JSON.stringify(Coursec.app.state.quiz.answers)"), session.frame.evaluate(f"JSON.stringify(Coursec.app.quizWidgets['{qid}'].read())"), session.frame.evaluate(f"Coursec.app.quizWidgets['{qid}'].el.isConnected"))
        c.locator("[data-quiz-next]").click()
    try:
        learner.take_quiz("longest")
    except Exception as e:
        print("FAILED", type(e))
    print("RENDER", session.frame.evaluate("(() => { try { Coursec.app.renderQuiz(); return 'ok'; } catch (e) { return String(e.stack); } })()"))
    print("ERR", c.locator("[data-quiz-error]").text_content(), c.locator("[data-quiz-result]").is_visible())
    print(session.frame.evaluate("JSON.stringify(Coursec.app.state.quiz)"))
    print(session.console_errors)
