using Microsoft.AspNetCore.Mvc;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>
/// TempData over the session (<c>AddSessionStateTempDataProvider</c>). Every action answers with a body, so
/// MVC's SaveTempDataFilter saves TempData from its OnStarting callback, as it does for any rendered page.
/// </summary>
public sealed class TempDataParityController : Controller
{
    private const string None = "(none)";

    [HttpGet("/parity/tempdata/set")]
    public IActionResult Set(string first, string second)
    {
        TempData["first"] = first;
        TempData["second"] = second;
        return Content("set");
    }

    [HttpGet("/parity/tempdata/read-first")]
    public IActionResult ReadFirst() => Content(TempData["first"] as string ?? None);

    [HttpGet("/parity/tempdata/read-both")]
    public IActionResult ReadBoth() => Content($"{TempData["first"] as string ?? None}|{TempData["second"] as string ?? None}");

    [HttpGet("/parity/tempdata/peek-first")]
    public IActionResult PeekFirst() => Content(TempData.Peek("first") as string ?? None);

    [HttpGet("/parity/tempdata/keep-first")]
    public IActionResult KeepFirst()
    {
        var first = TempData["first"] as string ?? None;
        TempData.Keep("first");
        return Content(first);
    }
}
