using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace FibreCafe.Operations.Tests.Infrastructure;

/// <summary>
/// Headless Chromium from Debian's packages (<c>/usr/bin/chromium</c> and <c>/usr/bin/chromedriver</c>, which
/// <c>.ci/run</c> installs; <c>FIBRECAFE_CHROMIUM</c> and <c>FIBRECAFE_CHROMEDRIVER</c> point elsewhere) driven
/// through Selenium WebDriver, never a downloaded browser. It reads what a user cannot see but a test must: the HTTP
/// status of the last page (from Chromium's performance log) and every Content-Security-Policy violation (from its
/// console). Disposing it saves a screenshot named after the test under <c>TestResults/screenshots</c>.
/// </summary>
public sealed class Browser : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string _name;
    private readonly List<string> _console = [];
    private readonly List<string> _performance = [];

    private Browser(ChromeDriver driver, string name)
    {
        Driver = driver;
        _name = name;
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where screenshots go: <c>FIBRECAFE_TEST_ARTIFACTS</c>, else <c>TestResults/screenshots</c> at the repository's root.</summary>
    public static string ArtifactsFolder { get; } = Environment.GetEnvironmentVariable("FIBRECAFE_TEST_ARTIFACTS")
        ?? Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    /// <summary>Starts a browser for the test <paramref name="name"/> (the screenshot's file name).</summary>
    public static Browser Start(string name)
    {
        var chromium = Environment.GetEnvironmentVariable("FIBRECAFE_CHROMIUM") ?? "/usr/bin/chromium";
        var chromedriver = Environment.GetEnvironmentVariable("FIBRECAFE_CHROMEDRIVER") ?? "/usr/bin/chromedriver";
        if (!File.Exists(chromium) || !File.Exists(chromedriver))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium and ChromeDriver ({chromium}, {chromedriver}): apt-get install chromium chromium-driver (.ci/run does), or set FIBRECAFE_CHROMIUM and FIBRECAFE_CHROMEDRIVER.");
        }

        // Selenium Manager would look for (and download) a driver when none is named; it is named, and offline.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
            "--no-first-run", "--disable-extensions", "--disable-background-networking", "--lang=en-GB");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        options.SetLoggingPreference("performance", LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(chromedriver)!, Path.GetFileName(chromedriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        return new Browser(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)), name);
    }

    /// <summary>Opens <paramref name="address"/> and answers the HTTP status of the document it ended on.</summary>
    public int Open(Uri address)
    {
        DrainLogs();
        Driver.Navigate().GoToUrl(address);
        return LastDocumentStatus();
    }

    /// <summary>Signs in as a user of the test host (see <see cref="OperationsHost"/>).</summary>
    public void SignIn(OperationsHost host, string user)
    {
        Assert.Equal(200, Open(new Uri(host.Address, host.PathBase.TrimStart('/') + (host.PathBase.Length > 0 ? "/" : string.Empty) + "test-login?user=" + user)));
    }

    /// <summary>Clicks an element that loads a page (a link, a submit button) and answers that page's HTTP status.</summary>
    public int Click(IWebElement element)
    {
        DrainLogs();
        var before = Driver.FindElement(By.TagName("html"));
        element.Click();
        new WebDriverWait(Driver, Patience).Until(_ => IsStale(before) && ReadyState() == "complete");
        return LastDocumentStatus();
    }

    /// <summary>The first element matching a CSS selector.</summary>
    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    /// <summary>Every element matching a CSS selector.</summary>
    public IReadOnlyList<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    /// <summary>The visible text of the page's main part (the whole body when it has none).</summary>
    public string Text => FindAll("main") is [var main, ..] ? main.Text : Find("body").Text;

    /// <summary>The first link whose text is <paramref name="text"/>.</summary>
    public IWebElement Link(string text) => Driver.FindElement(By.LinkText(text));

    /// <summary>The submit button labelled <paramref name="label"/>.</summary>
    public IWebElement Button(string label) =>
        FindAll("button[type=submit]").FirstOrDefault(b => b.Text == label) ?? throw new NoSuchElementException($"No button '{label}' on {Driver.Url}.");

    /// <summary>The current address's path and query, e.g. <c>/fibrecafe/inbox?status=Done</c>.</summary>
    public string PathAndQuery => new Uri(Driver.Url).PathAndQuery;

    /// <summary>A computed CSS property of the first element matching <paramref name="css"/> (proof the stylesheet applied).</summary>
    public string Style(string css, string property) =>
        (string)Driver.ExecuteScript("return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]);", css, property)!;

    /// <summary>Every console message since the browser started that reports a Content-Security-Policy violation.</summary>
    public IReadOnlyList<string> CspViolations()
    {
        DrainLogs();
        return _console.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>Waits, reloading, until the page's main text satisfies <paramref name="until"/> (e.g. the dispatcher finished).</summary>
    public void ReloadUntil(Func<string, bool> until)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!until(Text))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The page {Driver.Url} did not show what was expected within {Patience.TotalSeconds} s; it shows:\n{Text}");
            Thread.Sleep(200);
            DrainLogs();
            Driver.Navigate().Refresh();
        }
    }

    /// <summary>Saves a screenshot of the whole page (height grown to fit) as <paramref name="file"/> in <see cref="ArtifactsFolder"/>.</summary>
    public string SaveScreenshot(string file)
    {
        Directory.CreateDirectory(ArtifactsFolder);
        var height = Convert.ToInt32(Driver.ExecuteScript("return Math.max(document.documentElement.scrollHeight, 900);"), System.Globalization.CultureInfo.InvariantCulture);
        Driver.Manage().Window.Size = new System.Drawing.Size(1280, Math.Min(height, 4000));
        var path = Path.Combine(ArtifactsFolder, file);
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            SaveScreenshot(_name + ".png");
        }
        catch (WebDriverException)
        {
            // A browser that died already has nothing to show; the test's own failure says why.
        }
        finally
        {
            Driver.Quit();
            Driver.Dispose();
        }
    }

    private void DrainLogs()
    {
        _console.AddRange(Driver.Manage().Logs.GetLog(LogType.Browser).Select(e => e.Message));
        _performance.AddRange(Driver.Manage().Logs.GetLog("performance").Select(e => e.Message));
    }

    // The status of the last document response Chromium received (after redirects: the page shown).
    private int LastDocumentStatus()
    {
        _performance.Clear();
        DrainLogs();
        int? status = null;
        foreach (var message in _performance)
        {
            using var json = JsonDocument.Parse(message);
            var inner = json.RootElement.GetProperty("message");
            if (inner.GetProperty("method").GetString() == "Network.responseReceived"
                && inner.GetProperty("params") is var p && p.GetProperty("type").GetString() == "Document")
            {
                status = p.GetProperty("response").GetProperty("status").GetInt32();
            }
        }

        _performance.Clear();
        return status ?? throw new InvalidOperationException($"Chromium logged no document response for {Driver.Url}.");
    }

    private string ReadyState() => (string)Driver.ExecuteScript("return document.readyState;")!;

    private static bool IsStale(IWebElement element)
    {
        try
        {
            _ = element.Enabled;
            return false;
        }
        catch (StaleElementReferenceException)
        {
            return true;
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "FibreCafe.Client.sln")))
            {
                return folder.FullName;
            }
        }

        return Path.GetTempPath();
    }
}
