From: Kit Bramley <kit@briskcouriers.co.uk>
To: Dana Whitlock <dana.whitlock@fernwick.io>
Subject: Re: Brisk renewal quote
Date: Fri, 04 Apr 2025 17:20:17 +0100
Message-ID: <2FDCCB2A-F76A-81B1-BE0A-D7C180952CCF@briskcouriers.co.uk>
In-Reply-To: <CACGW5Eascj9wKxGeR7YSHRehS9xk0865B9@mail.gmail.com>
References: <CAseReY2sRViC8U-cRu255bLml3poB1E45E@mail.gmail.com>
 <62AE72C1-A9C0-BD75-A91B-DE31521A5430@briskcouriers.co.uk>
 <CACGW5Eascj9wKxGeR7YSHRehS9xk0865B9@mail.gmail.com>
X-Mailer: iPhone Mail (22D72)
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"; format=flowed
Content-Transfer-Encoding: 7bit

Done.

Sent from my iPhone

> On 4 Apr 2025, at 16:50, Dana Whitlock <dana.whitlock@fernwick.io> wrote:
>
> Here's the e-signature link: sign.fernwick.io/brisk-2025. Thanks Kit!
>
> -- 
> Dana Whitlock
> Senior Account Manager | Fernwick Data
> +44 20 7946 0321 | fernwick.io
>
> On Fri, Apr 4, 2025 at 4:35 PM Kit Bramley <kit@briskcouriers.co.uk> wrote:
>
>> Fine. Sign where?
>>
>> Sent from my iPhone
>>
>>> On 4 Apr 2025, at 14:00, Dana Whitlock <dana.whitlock@fernwick.io> wrote:
>>>
>>> Hi Kit,
>>>
>>> Renewal quote attached: same price as this year, plus Leeds. Happy to talk it through.
>>>
>>> -- 
>>> Dana Whitlock
>>> Senior Account Manager | Fernwick Data
>>> +44 20 7946 0321 | fernwick.io
