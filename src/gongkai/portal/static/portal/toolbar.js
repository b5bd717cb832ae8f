// 适老化/无障碍 toolbar: high contrast, a large cursor, a reading guide line and read-aloud. Larger text is
// the server's 大字版 link (a cookie), so it works without JavaScript too. The choices here are kept in this
// browser (localStorage) and applied to <html> before the page is drawn; the page itself is the same for
// everyone, so it can be cached. Every control is a real <button>: Tab to it, Enter or Space to use it.
(function () {
  "use strict";
  var KEY = "gk-tools";
  var TOGGLES = ["contrast", "cursor", "guide"];
  var root = document.documentElement;

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY)) || {};
    } catch (e) {
      return {};
    }
  }

  function save(prefs) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(prefs));
    } catch (e) {
      // Private windows may refuse storage: the choice still holds until the page is left.
    }
  }

  var prefs = load();
  TOGGLES.forEach(function (name) {
    root.classList.toggle("gk-" + name, !!prefs[name]);
  });

  var LABELS = { contrast: "高对比度", cursor: "大鼠标", guide: "阅读辅助线" };

  function ready() {
    var status = document.querySelector(".tool-status");
    var guide = document.querySelector(".reading-guide");
    var buttons = document.querySelectorAll(".tool-button[data-tool]");

    function say(text) {
      if (status) {
        status.textContent = "";
        // A new text node each time, so screen readers announce a repeated message again.
        window.setTimeout(function () { status.textContent = text; }, 50);
      }
    }

    function button(name) {
      return document.querySelector('.tool-button[data-tool="' + name + '"]');
    }

    function showGuide(on) {
      if (guide) { guide.hidden = !on; }
    }

    function setToggle(name, on) {
      prefs[name] = on;
      root.classList.toggle("gk-" + name, on);
      var b = button(name);
      if (b) { b.setAttribute("aria-pressed", on ? "true" : "false"); }
      if (name === "guide") { showGuide(on); }
    }

    // The reading guide: a band under the line being read, following the mouse or the keyboard focus.
    function moveGuide(y) {
      if (guide && !guide.hidden) { guide.style.top = Math.max(0, y) + "px"; }
    }
    document.addEventListener("mousemove", function (event) { moveGuide(event.clientY + 6); });
    document.addEventListener("focusin", function (event) {
      var box = event.target.getBoundingClientRect();
      moveGuide(box.bottom + 2);
    });

    // Read-aloud with the browser's own speech synthesis, only with a Chinese voice.
    var synth = window.speechSynthesis;
    var speaking = false;

    function chineseVoice() {
      var voices = synth.getVoices();
      for (var i = 0; i < voices.length; i++) {
        if (/^zh|^cmn/i.test(voices[i].lang)) { return voices[i]; }
      }
      return null;
    }

    function stopSpeaking() {
      speaking = false;
      synth.cancel();
      var b = button("speak");
      if (b) { b.setAttribute("aria-pressed", "false"); }
    }

    function textToRead() {
      var selected = String(window.getSelection ? window.getSelection() : "").trim();
      if (selected) { return selected; }
      var main = document.getElementById("main");
      return main ? main.innerText : document.body.innerText;
    }

    function speak() {
      if (speaking) {
        stopSpeaking();
        say("已停止朗读");
        return;
      }
      var voice = chineseVoice();
      if (!voice) {
        say("这台电脑的浏览器没有中文语音，不能朗读。需要帮助请拨打 12345 或 12333。");
        return;
      }
      // Sentence by sentence: some browsers stop a single long utterance after about 15 seconds.
      var parts = textToRead().split(/(?<=[。！？；\n])/).map(function (s) { return s.trim(); })
        .filter(function (s) { return s; });
      if (!parts.length) { return; }
      speaking = true;
      button("speak").setAttribute("aria-pressed", "true");
      parts.forEach(function (part, index) {
        var utterance = new window.SpeechSynthesisUtterance(part);
        utterance.voice = voice;
        utterance.lang = voice.lang;
        utterance.rate = 0.9;
        if (index === parts.length - 1) {
          utterance.onend = function () { stopSpeaking(); };
        }
        synth.speak(utterance);
      });
      say("开始朗读。再按一次“朗读”或按 Esc 键停止。");
    }

    // The tools sit in a disclosure: open on a wide screen, one tap away on a phone.
    var menu = document.querySelector(".tool-menu");
    if (menu) {
      menu.hidden = false;
      menu.open = window.matchMedia("(min-width: 48rem)").matches && !document.body.classList.contains("elder");
    }

    Array.prototype.forEach.call(buttons, function (b) {
      var name = b.getAttribute("data-tool");
      if (name === "speak" && !synth) { return; }  // no speech synthesis at all: keep the button hidden
      b.hidden = false;
      if (TOGGLES.indexOf(name) >= 0) {
        b.setAttribute("aria-pressed", prefs[name] ? "true" : "false");
        b.addEventListener("click", function () {
          var on = !prefs[name];
          setToggle(name, on);
          save(prefs);
          say(LABELS[name] + (on ? "已打开" : "已关闭"));
        });
      } else if (name === "speak") {
        b.addEventListener("click", speak);
      } else if (name === "reset") {
        b.addEventListener("click", function () {
          TOGGLES.forEach(function (t) { setToggle(t, false); });
          prefs = {};
          save(prefs);
          if (synth) { stopSpeaking(); }
          var standard = document.querySelector('a.mode-toggle[href*="/mode/standard/"]');
          if (standard) {
            window.location.href = standard.href;  // the large-text cookie is the server's to clear
          } else {
            say("已恢复默认显示");
          }
        });
      }
    });
    showGuide(!!prefs.guide);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && speaking) { stopSpeaking(); say("已停止朗读"); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
