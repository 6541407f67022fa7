import { Public } from '@crm/auth';
import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignInLockedError } from './auth.errors';
import { AuthService, type Caller } from './auth.service';
import { ConsoleSessions } from './console-sessions';
import {
  AcceptInvitationDto,
  LoginDto,
  PasswordResetCompleteDto,
  PasswordResetRequestDto,
  SignedInDto,
  TotpEnableDto,
  TotpSetupDto,
} from './dto/auth.dto';

const callerOf = (request: Request): Caller => ({
  ip: request.ip ?? request.socket.remoteAddress ?? 'unknown',
  requestId: typeof request.id === 'string' ? request.id : null,
  cookie: request.headers.cookie,
  csrfHeader: request.headers['x-csrf-token'],
});

/**
 * Console sign-in. These routes are public to the staff guard: each finds the session itself, so
 * that a person who still has to set up two-factor sign-in can reach the setup and nothing else.
 */
@ApiTags('auth')
@Public()
// JSON only: an HTML form on another site could otherwise sign a staff member in to an account of
// the sender's choosing (login CSRF), or post an invitation or reset form; a cross-site JSON
// request needs a CORS preflight, which the console never grants.
@ApiConsumes('application/json')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: ConsoleSessions,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: SignedInDto, description: 'Sets the HttpOnly session cookie' })
  @ApiUnauthorizedResponse({ description: 'Any bad credential (code TOTP_REQUIRED: the code is missing)' })
  @ApiTooManyRequestsResponse({
    description: '5 failures for the account or address in 15 minutes; see Retry-After',
  })
  async login(
    @Body() body: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SignedInDto> {
    try {
      const { session, ...signedIn } = await this.auth.login(body, callerOf(request));
      this.sessions.setCookie(response, session);
      return signedIn;
    } catch (error) {
      if (error instanceof SignInLockedError)
        response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session is ended and its cookie cleared' })
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logout(callerOf(request));
    this.sessions.clearCookie(response);
  }

  @Get('me')
  @ApiOkResponse({ type: SignedInDto })
  @ApiUnauthorizedResponse({ description: 'Not signed in' })
  me(@Req() request: Request): Promise<SignedInDto> {
    return this.auth.me(callerOf(request));
  }

  @Post('invitations/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: SignedInDto, description: 'The account is created and signed in' })
  async acceptInvitation(
    @Body() body: AcceptInvitationDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SignedInDto> {
    const { session, ...signedIn } = await this.auth.acceptInvitation(body, callerOf(request));
    this.sessions.setCookie(response, session);
    return signedIn;
  }

  @Post('password-reset')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'Always, whether or not the address has an account' })
  async requestPasswordReset(@Body() body: PasswordResetRequestDto, @Req() request: Request): Promise<void> {
    await this.auth.requestPasswordReset(body.email, callerOf(request));
  }

  @Post('password-reset/complete')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'The password is changed and every session of the account ended; sign in',
  })
  async completePasswordReset(
    @Body() body: PasswordResetCompleteDto,
    @Req() request: Request,
  ): Promise<void> {
    await this.auth.completePasswordReset(body, callerOf(request));
  }

  @Post('totp/setup')
  @HttpCode(200)
  @ApiOkResponse({ type: TotpSetupDto })
  setUpTotp(@Req() request: Request): Promise<TotpSetupDto> {
    return this.auth.setUpTotp(callerOf(request));
  }

  @Post('totp/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: SignedInDto })
  enableTotp(@Body() body: TotpEnableDto, @Req() request: Request): Promise<SignedInDto> {
    return this.auth.enableTotp(body.code, callerOf(request));
  }
}
